// Checks of what validate.mjs's Kubernetes schemas do not cover: the custom resources sprintrr uses (KEDA
// ScaledObject, Prometheus Operator PrometheusRule and ServiceMonitor: small schemas of our own, unknown
// fields refused, covering the fields we use), the autoscaling rules, the Grafana dashboard ConfigMap, and
// the link between the metric names queried anywhere (rules, panels, KEDA triggers) and
// deploy/monitoring/metrics.txt, which each service's MetricsTest checks against its real /q/metrics.
import fs from 'node:fs';
import Ajv2019 from 'ajv/dist/2019.js';

const SERVICES = ['key-service', 'generation-service', 'credit-service'];

// ---------------------------------------------------------------------------------------------
// Schemas of the custom resources

const str = { type: 'string', minLength: 1 };
const int = (minimum = 0) => ({ type: 'integer', minimum });
const strMap = { type: 'object', additionalProperties: { type: 'string' } };
const obj = (properties, required = [], extra = {}) => ({ type: 'object', properties, required, additionalProperties: false, ...extra });
const metadata = obj({ name: str, namespace: str, labels: strMap, annotations: strMap }, ['name']);
const selector = obj({
  matchLabels: strMap,
  matchExpressions: { type: 'array', items: obj({ key: str, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: { type: 'array', items: { type: 'string' } } }, ['key', 'operator']) },
});
const resource = (apiVersion, kind, spec) => obj({ apiVersion: { const: apiVersion }, kind: { const: kind }, metadata, spec }, ['apiVersion', 'kind', 'metadata', 'spec']);
const duration = { type: 'string', pattern: '^([0-9]+(ms|s|m|h|d|w|y))+$' };

const hpaBehavior = obj({
  scaleUp: { type: 'object' },
  scaleDown: obj({
    stabilizationWindowSeconds: int(),
    selectPolicy: { enum: ['Max', 'Min', 'Disabled'] },
    policies: { type: 'array', items: obj({ type: { enum: ['Pods', 'Percent'] }, value: int(1), periodSeconds: int(1) }, ['type', 'value', 'periodSeconds']) },
  }),
});

// keda.sh/v1alpha1 ScaledObject (KEDA 2.12+), the fields sprintrr uses.
const scaledObject = resource('keda.sh/v1alpha1', 'ScaledObject', obj({
  scaleTargetRef: obj({ apiVersion: str, kind: str, name: str, envSourceContainerName: str }, ['name']),
  pollingInterval: int(1),
  cooldownPeriod: int(0),
  initialCooldownPeriod: int(0),
  idleReplicaCount: int(0),
  minReplicaCount: int(0),
  maxReplicaCount: int(1),
  fallback: obj({ failureThreshold: int(1), replicas: int(1) }, ['failureThreshold', 'replicas']),
  advanced: obj({ restoreToOriginalReplicaCount: { type: 'boolean' }, horizontalPodAutoscalerConfig: obj({ name: str, behavior: hpaBehavior }) }),
  triggers: {
    type: 'array', minItems: 1,
    items: {
      type: 'object', required: ['type', 'metadata'], additionalProperties: false,
      properties: { type: { enum: ['prometheus', 'cpu', 'memory', 'kafka'] }, name: str, metricType: { enum: ['AverageValue', 'Value', 'Utilization'] }, metadata: strMap, authenticationRef: obj({ name: str, kind: str }, ['name']) },
      allOf: [
        { if: { properties: { type: { const: 'prometheus' } } }, then: { properties: { metadata: { required: ['serverAddress', 'query', 'threshold'] } } } },
        { if: { properties: { type: { enum: ['cpu', 'memory'] } } }, then: { properties: { metadata: { required: ['value'] }, metricType: { enum: ['Utilization', 'AverageValue'] } }, required: ['metricType'] } },
      ],
    },
  },
}, ['scaleTargetRef', 'triggers']));

// monitoring.coreos.com/v1 PrometheusRule.
const prometheusRule = resource('monitoring.coreos.com/v1', 'PrometheusRule', obj({
  groups: {
    type: 'array', minItems: 1,
    items: obj({
      name: str, interval: duration,
      rules: {
        type: 'array', minItems: 1,
        items: {
          ...obj({ alert: str, record: str, expr: str, for: duration, keep_firing_for: duration, labels: strMap, annotations: strMap }, ['expr']),
          oneOf: [{ required: ['alert'] }, { required: ['record'] }],
        },
      },
    }, ['name', 'rules']),
  },
}, ['groups']));

// monitoring.coreos.com/v1 ServiceMonitor.
const serviceMonitor = resource('monitoring.coreos.com/v1', 'ServiceMonitor', obj({
  selector, namespaceSelector: obj({ any: { type: 'boolean' }, matchNames: { type: 'array', items: str } }), jobLabel: str,
  endpoints: { type: 'array', minItems: 1, items: obj({ port: str, targetPort: { type: ['string', 'integer'] }, path: str, scheme: { enum: ['http', 'https'] }, interval: duration, scrapeTimeout: duration }) },
}, ['selector', 'endpoints']));

const ajv = new Ajv2019({ strict: false, allErrors: true });
const VALIDATORS = new Map([
  ['keda.sh/v1alpha1/ScaledObject', ajv.compile(scaledObject)],
  ['monitoring.coreos.com/v1/PrometheusRule', ajv.compile(prometheusRule)],
  ['monitoring.coreos.com/v1/ServiceMonitor', ajv.compile(serviceMonitor)],
]);
export const CUSTOM_KINDS = new Set(VALIDATORS.keys());

export function customSchemaErrors(o) {
  const validate = VALIDATORS.get(`${o.apiVersion}/${o.kind}`);
  if (validate(o)) return [];
  return validate.errors.filter((e) => e.keyword !== 'if').map((e) => `schema: ${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` '${e.params.additionalProperty}'` : ''}${e.params?.allowedValues ? ' ' + JSON.stringify(e.params.allowedValues) : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Metric names

/** deploy/monitoring/metrics.txt: name -> set of services ("all" = every service). */
export function readMetricList(file) {
  const list = new Map();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [who, name] = line.trim().split(/\s+/);
    if (!who || who.startsWith('#') || !name) continue;
    if (who !== 'all' && !SERVICES.includes(who)) throw new Error(`${file}: unknown service ${who}`);
    if (!list.has(name)) list.set(name, new Set());
    list.get(name).add(who);
  }
  return list;
}

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/**
 * The metric selectors of a PromQL expression: [{name, job}] where job is the job="..." matcher if any.
 * Label matchers, strings, durations, grouping clauses and function names are not metric names.
 */
export function metricSelectors(expr) {
  const out = [];
  // String contents become spaces (same length, so offsets still point into expr).
  const text = expr.replace(/"(?:[^"\\]|\\.)*"/g, (m) => `"${' '.repeat(m.length - 2)}"`);
  // Grouping/matching label lists are not metrics: blank them.
  const blanked = text.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, (m, w) => w + ' '.repeat(m.length - w.length))
    .replace(/\[[^\]]*\]/g, (m) => ' '.repeat(m.length));
  const re = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;
  let m;
  while ((m = re.exec(blanked))) {
    const word = m[0];
    const before = blanked.slice(0, m.index);
    if (/\{[^}]*$/.test(before)) continue; // inside a label matcher
    if (/\d$/.test(before) || /\boffset\s*$/.test(before)) continue; // part of a number or duration
    const after = blanked.slice(m.index + word.length);
    if (/^\s*\(/.test(after) || /^\s*(by|without)\b/.test(after) || PROMQL_WORDS.has(word.toLowerCase())) continue; // a function, aggregation or keyword
    let job;
    const braces = /^\s*\{([^}]*)\}/.exec(after);
    if (braces) {
      const start = m.index + word.length + after.indexOf('{') + 1;
      const original = expr.slice(start, start + braces[1].length);
      job = /\bjob\s*=\s*"([^"]+)"/.exec(original)?.[1];
    }
    out.push({ name: word, job });
  }
  return out;
}

function metricNameErrors(where, expr, list) {
  const errs = [];
  for (const { name, job } of metricSelectors(expr)) {
    const who = list.get(name);
    if (!who) errs.push(`${where}: ${name} is not in deploy/monitoring/metrics.txt (the list the services' MetricsTests check)`);
    else if (job && SERVICES.includes(job) && !who.has('all') && !who.has(job)) errs.push(`${where}: ${name} is not served by ${job} (deploy/monitoring/metrics.txt lists it for ${[...who].join(', ')})`);
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Rules

/** KEDA and HPA bounds: credit-service never beyond partitions / consumers per replica. */
export function autoscalerErrors(objects, ctx) {
  const errs = [];
  const at = (o, msg) => errs.push(`${o.kind}/${o.metadata?.name}: ${msg}`);
  for (const o of objects) {
    let target; let min; let max;
    if (o.kind === 'ScaledObject') {
      target = o.spec?.scaleTargetRef?.name;
      min = o.spec?.minReplicaCount ?? 0; max = o.spec?.maxReplicaCount ?? 100;
      if (!(min >= 1 && min <= max)) at(o, 'needs 1 <= minReplicaCount <= maxReplicaCount (no scale to zero: the services serve HTTP)');
      const types = new Set((o.spec?.triggers ?? []).map((t) => t.type));
      if (!types.has('prometheus') || !types.has('cpu')) at(o, 'needs a prometheus trigger and a cpu trigger (the fallback while Prometheus is unreachable)');
      if (!objects.some((d) => d.kind === 'Deployment' && d.metadata.name === target)) at(o, `targets missing Deployment ${target}`);
      for (const [i, t] of (o.spec?.triggers ?? []).entries()) {
        if (t.type === 'prometheus' && t.metadata?.query) metricNameErrors(`${o.kind}/${o.metadata.name} trigger ${i}`, t.metadata.query, ctx.metrics).forEach((e) => errs.push(e));
      }
    } else if (o.kind === 'HorizontalPodAutoscaler') {
      target = o.spec?.scaleTargetRef?.name; max = o.spec?.maxReplicas;
    } else continue;
    if (target === 'credit-service' && max > ctx.consumers.maxReplicas) {
      at(o, `${o.kind === 'ScaledObject' ? 'maxReplicaCount' : 'maxReplicas'} ${max} exceeds ${ctx.consumers.maxReplicas} = ${ctx.consumers.partitions} partitions of generation-completed / ${ctx.consumers.perReplica} consumers per credit-service replica (extra replicas would idle)`);
    }
  }
  return errs;
}

/** Alert rules and dashboards: well-formed, and only metric names the services really serve. */
export function monitoringErrors(objects, ctx) {
  const errs = [];
  const at = (o, msg) => errs.push(`${o.kind}/${o.metadata?.name}: ${msg}`);
  for (const o of objects.filter((x) => x.kind === 'PrometheusRule')) {
    for (const g of o.spec?.groups ?? []) for (const r of g.rules ?? []) {
      const where = `${o.kind}/${o.metadata.name} ${r.alert ?? r.record}`;
      if (r.alert) {
        if (!['critical', 'warning', 'info'].includes(r.labels?.severity)) errs.push(`${where}: needs labels.severity critical, warning or info`);
        if (!r.annotations?.summary) errs.push(`${where}: needs annotations.summary`);
      }
      if (typeof r.expr === 'string') metricNameErrors(where, r.expr, ctx.metrics).forEach((e) => errs.push(e));
    }
  }
  const dashboards = objects.filter((x) => x.kind === 'ConfigMap' && x.metadata?.labels?.grafana_dashboard);
  for (const cm of dashboards) {
    for (const [file, text] of Object.entries(cm.data ?? {})) {
      let dash;
      try { dash = JSON.parse(text); } catch (e) { at(cm, `${file} is not JSON: ${e.message}`); continue; }
      if (!dash.uid || !dash.title || !Array.isArray(dash.panels) || !dash.panels.length) at(cm, `${file} needs uid, title and panels`);
      const walk = (panels) => {
        for (const p of panels ?? []) {
          if (p.type === 'row') { walk(p.panels); continue; }
          if (!p.title || !p.gridPos || !(p.targets ?? []).length) at(cm, `${file} panel ${p.id}: needs a title, gridPos and targets`);
          for (const t of p.targets ?? []) {
            if (!t.expr) at(cm, `${file} panel "${p.title}" ${t.refId}: no expr`);
            else metricNameErrors(`${cm.kind}/${cm.metadata.name} ${file} panel "${p.title}"`, t.expr, ctx.metrics).forEach((e) => errs.push(e));
          }
        }
      };
      walk(dash.panels);
    }
  }
  const ns = objects.find((o) => o.kind === 'Deployment')?.metadata?.namespace;
  if (objects.some((o) => o.kind === 'PrometheusRule') && !dashboards.length) errs.push('alert rules without the dashboard ConfigMap (label grafana_dashboard)');
  for (const sm of objects.filter((x) => x.kind === 'ServiceMonitor')) {
    const svc = objects.find((s) => s.kind === 'Service' && Object.entries(sm.spec?.selector?.matchLabels ?? { x: 'x' }).every(([k, v]) => s.metadata?.labels?.[k] === v));
    if (!svc) at(sm, 'selects no Service of the render');
    for (const e of sm.spec?.endpoints ?? []) {
      if (e.path !== '/q/metrics') at(sm, 'endpoints must scrape /q/metrics');
      if (e.port !== 'management') at(sm, 'endpoints must scrape the Service port "management" (the API port does not serve /q/**)');
      if (svc && !svc.spec.ports.some((p) => p.name === e.port)) at(sm, `port ${e.port} is not a port of Service ${svc.metadata.name}`);
    }
    if (sm.metadata?.namespace !== ns) at(sm, 'must be in the services\' namespace');
  }
  return errs;
}
