# syntax=docker/dockerfile:1
# The Neuronwatch server image: `docker build -t neuronwatch .`, or `docker compose up --build`.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps the local Maven repository between builds without putting it in a layer.
# Only the launcher and the modules it needs are built; tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -q -B -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre
# curl serves the health check; installing it explicitly keeps that independent of the base image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 neuronwatch \
    && useradd --system --uid 10001 --gid neuronwatch --no-create-home --shell /usr/sbin/nologin neuronwatch
WORKDIR /opt/neuronwatch
COPY --from=build /src/cli/target/neuronwatch.jar /opt/neuronwatch/neuronwatch.jar
USER 10001:10001
EXPOSE 9750
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:9750/health || exit 1
# The container's memory limit, not the host's, sizes the heap.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/neuronwatch/neuronwatch.jar"]
CMD ["server", "--host", "0.0.0.0", "--port", "9750"]
