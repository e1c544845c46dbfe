# syntax=docker/dockerfile:1
# Build: Swift 6 toolchain with the C libraries FoundationNetworking (URLSession/libcurl) links against.
ARG SWIFT_VERSION=6.3
FROM swift:${SWIFT_VERSION}-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl-dev zlib1g-dev libcurl4-openssl-dev libsqlite3-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
RUN swift build -c release --product sms-gateway --static-swift-stdlib \
 && install -D "$(swift build -c release --show-bin-path)/sms-gateway" /out/sms-gateway

# Run: a slim Debian with only the runtime libraries, as a non-root user.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4 libssl3 zlib1g libxml2 libsqlite3-0 ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin gateway \
 && mkdir -p /app/config /app/data && chown gateway:gateway /app/data
WORKDIR /app
COPY --from=build /out/sms-gateway /app/sms-gateway
COPY config/gateway.yaml /app/config/gateway.yaml
USER 10001:10001
# PORT overrides server.port; LOG_LEVEL overrides server.log_level. Secrets come in as the ${VARS} the config names.
ENV PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["/app/sms-gateway", "healthcheck", "--config", "/app/config/gateway.yaml"]
# Exec form: SIGTERM reaches the gateway itself, which drains and exits 0.
ENTRYPOINT ["/app/sms-gateway"]
CMD ["serve", "--config", "/app/config/gateway.yaml"]
