# ldn-cds container image. For hosts with Docker; the development machines have no
# Docker engine, so this file is not built by CI.
#
#   docker build -t ldn-cds .
#   docker run --rm -p 8080:8080 -v ldn-data:/app/data ldn-cds
#
# Without a Docker engine, Jib builds the same image: mvn -B -ntp -Pimage package
# (docs/deploy.md). ContainerImageIT checks both stay alike.
#
# Configuration comes from environment variables (LDN_FHIR_TOTAL_BUDGET=1s, ...; see
# README). Edited knowledge can be mounted and pointed at:
#   -v "$PWD/rules:/opt/ldn/rules:ro" -e LDN_RULES_LOCATION=file:/opt/ldn/rules/

# ---- build: the same Maven build as CI, without running the tests ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
COPY src src
COPY rules rules
COPY fhir-profiles fhir-profiles
# The cache mount keeps downloaded dependencies between builds (needs BuildKit, the
# default builder since Docker 23).
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests package \
    && cp target/ldn-cds-*.jar /build/app.jar

# ---- runtime: JRE only, unprivileged user ----
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 ldn \
    && useradd --system --uid 10001 --gid ldn --no-create-home --shell /usr/sbin/nologin ldn
WORKDIR /app
COPY --from=build /build/app.jar /app/app.jar
# data/: the embedded H2 database (the default datasource, ./data/ldn-cds) and the audit
# journal (records waiting for the database), so the unprivileged user must own it; a
# volume keeps both across containers.
RUN mkdir /app/data && chown 10001:10001 /app/data
VOLUME ["/app/data"]
USER 10001:10001
EXPOSE 8080
# No curl needed: bash opens the TCP connection itself. Healthy when the actuator says UP
# (200); DOWN answers 503.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200'"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/app.jar"]
