# aeserve, built in one stage and run in another. The runtime base image is a build argument: any image with a
# Java 17+ runtime and bash works.
#   docker build -t aeserve .
#   docker build --build-arg BASE_IMAGE=registry.example.com/jre:17 -t aeserve .
# GPU hosts: the CUDA build of libtorch is fetched while building (this needs network access), and the base image
# must hold the CUDA runtime and a Java runtime (see README, "GPU"):
#   docker build --build-arg PYTORCH_FLAVOR=cu128 --build-arg BASE_IMAGE=<CUDA runtime image with a JRE> -t aeserve:cuda .
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG BASE_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
ENV DJL_CACHE_DIR=/opt/djl
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
ARG PYTORCH_FLAVOR=cpu
RUN flavor=$([ "$PYTORCH_FLAVOR" = cpu ] && echo -Dcpu || echo -Dcuda) \
 && ./mvnw -B -ntp -q package -DskipTests "$flavor" \
 && cp target/aeserve-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --destination extracted
# Start the service once without a web server, so that DJL unpacks (cpu) or fetches (CUDA flavors) the PyTorch
# native libraries into DJL_CACHE_DIR: the runtime image then starts offline.
RUN offline=$([ "$PYTORCH_FLAVOR" = cpu ] && echo true || echo false) \
 && PYTORCH_FLAVOR=$PYTORCH_FLAVOR timeout 600 java -Dai.djl.offline=$offline -jar app.jar \
      --spring.main.web-application-type=none --aeserve.data-dir=/tmp/unpack-data --aeserve.device=cpu \
      --logging.level.root=warn \
 && chmod -R a+rX /opt/djl && ls /opt/djl/pytorch

FROM ${BASE_IMAGE}
ARG UID=10001
ARG PYTORCH_FLAVOR=cpu
WORKDIR /app
# GLIBC_TUNABLES: glibc's allocator keeps the memory tensors free for the next batch instead of handing it back to
# the system, one arena for all threads (README, "Native memory"; the same as pom.xml's glibc.tunables).
ENV DJL_CACHE_DIR=/opt/djl \
    PYTORCH_FLAVOR=${PYTORCH_FLAVOR} \
    AESERVE_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dai.djl.offline=true" \
    GLIBC_TUNABLES=glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=1073741824
COPY --from=build /opt/djl /opt/djl
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# The service starts from the application context prepared when the jar was built (-Dspring.aot.enabled=true; a
# configuration that chooses other components than the defaults makes it start the usual way, see README, "Docker").
# Start-up archive: one start of the service, up to its first answer to the readiness probe, records the classes it
# loaded so that later starts map them instead of loading and verifying each class again
# (src/main/docker/start-archive.sh). A Java 25 or later runtime records an ahead-of-time cache (the classes loaded
# and linked, and the methods' profiles), Java 17 to 24 a class data sharing archive; the options to start with go
# to /app/jvm.options, which the entry point reads. The archive belongs to this image's Java runtime; another runtime
# ignores it and starts as usual.
COPY src/main/docker/start-archive.sh /tmp/start-archive.sh
RUN feature=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p') \
 && if [ "$feature" -ge 25 ]; then kind=aot file=/app/app.aot; else kind=cds file=/app/app.jsa; fi \
 && bash /tmp/start-archive.sh $kind /app/app.jar $file -Dspring.aot.enabled=true > /app/jvm.options \
 && rm /tmp/start-archive.sh
RUN mkdir -p /data && chown ${UID}:${UID} /data
VOLUME /data
EXPOSE 8080 8081
USER ${UID}:${UID}
# Healthy once ready; bash's /dev/tcp needs no curl or wget in the base image.
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["bash", "-c", \
  "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/app.jar"]
