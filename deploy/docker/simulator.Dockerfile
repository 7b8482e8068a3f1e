# syntax=docker/dockerfile:1
# DEVELOPMENT ONLY: the provider simulator of bin/run-local --simulate-providers (local-stack's
# ProviderSimulator: WireMock answering like Anthropic, OpenAI and Gemini with recorded payloads) as the
# compose service provider-simulator (profile "simulate"). Build context: the repository root.
FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /build
COPY . .
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -ntp -pl local-stack -am package dependency:copy-dependencies -DskipTests -DincludeScope=runtime \
 && test -d local-stack/target/dependency

FROM eclipse-temurin:17-jre-noble
RUN useradd --system --uid 10001 --gid 0 --home-dir /simulator --no-create-home --shell /usr/sbin/nologin sprintrr
COPY --from=build /build/local-stack/target/dependency/ /simulator/lib/
COPY --from=build /build/local-stack/target/classes/ /simulator/classes/
USER 10001
WORKDIR /simulator
EXPOSE 8090
ENTRYPOINT ["java", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", "/simulator/classes:/simulator/lib/*", "com.sprintrr.localstack.ProviderSimulator"]
