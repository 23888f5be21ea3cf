# syntax=docker/dockerfile:1
#
# Kong Gateway with the ai-proxy-js external plugin, served by a JavaScript plugin server.
#
#   docker build -t kong-ai-proxy-js .
#   docker compose up            # Kong (db-less, ./kong.yml) + the mock LLM; see docker-compose.yml
#
# Kong 3.12 is the release whose `ai-proxy` config ai-proxy-js mirrors field for field, so the
# bundled `ai-proxy` and `ai-proxy-js` accept the same config while you migrate routes.
# kong/kong-gateway runs without a license (free mode). Any Kong 3.x image with a glibc userland
# serves JS plugin servers too, e.g. the open-source one: --build-arg KONG_IMAGE=kong:3.9.1
ARG KONG_IMAGE=kong/kong-gateway:3.12
# Node 20 (package.json engines). Its `node` binary is copied into the Kong image below.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile the TypeScript and keep only the runtime dependencies -----------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY schema ./schema
COPY src ./src
COPY plugins ./plugins
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ---- Kong ------------------------------------------------------------------------------------------
FROM ${KONG_IMAGE}
USER root

COPY --from=build /usr/local/bin/node /usr/local/bin/node
COPY --from=build /build/package.json /opt/ai-proxy-js/package.json
COPY --from=build /build/node_modules /opt/ai-proxy-js/node_modules
COPY --from=build /build/dist /opt/ai-proxy-js/dist
# The default declarative config; docker-compose.yml mounts the repository's kong.yml over it.
COPY kong.yml /kong/kong.yml

# Commands on PATH. They are small wrappers that exec node by its absolute path rather than
# symlinks to `#!/usr/bin/env node` scripts: Kong starts the plugin server from an nginx worker,
# and nginx clears the environment (PATH included) of its workers.
#   ai-proxy-js-pluginserver  our plugin server (kong-pdk's protocol and flags; frees the events
#                             that end with kong.response.exit, which kong-pdk 0.6.0 keeps)
#   kong-js-pluginserver      kong-pdk's own server, if you prefer it
#   ai-proxy-js               the CLI (mock-llm, validate, translate)
RUN printf '#!/bin/sh\nexec /usr/local/bin/node /opt/ai-proxy-js/dist/src/pluginserver/bin.js "$@"\n' > /usr/local/bin/ai-proxy-js-pluginserver \
 && printf '#!/bin/sh\nexec /usr/local/bin/node /opt/ai-proxy-js/node_modules/kong-pdk/bin/kong-js-pluginserver "$@"\n' > /usr/local/bin/kong-js-pluginserver \
 && printf '#!/bin/sh\nexec /usr/local/bin/node /opt/ai-proxy-js/dist/src/cli.js "$@"\n' > /usr/local/bin/ai-proxy-js \
 && chmod 0755 /usr/local/bin/ai-proxy-js-pluginserver /usr/local/bin/kong-js-pluginserver /usr/local/bin/ai-proxy-js

# Kong's plugin-server settings (kong.conf `pluginserver_*`, here as KONG_* environment).
# - The socket is <kong prefix>/<sock name>: the server's --kong-prefix (default /usr/local/kong,
#   Kong's default prefix) and its default sock name js_pluginserver.sock. If you change
#   KONG_PREFIX, change both the socket and --kong-prefix.
# - Kong runs the query command once at start-up and reads the JSON plugin list it prints.
# - Kong starts (and restarts) the server with the start command; its output lands in Kong's error log.
ENV KONG_PLUGINS=bundled,ai-proxy-js \
    KONG_PLUGINSERVER_NAMES=js \
    KONG_PLUGINSERVER_JS_SOCKET=/usr/local/kong/js_pluginserver.sock \
    KONG_PLUGINSERVER_JS_START_CMD="/usr/local/bin/ai-proxy-js-pluginserver --kong-prefix /usr/local/kong -d /opt/ai-proxy-js/dist/plugins" \
    KONG_PLUGINSERVER_JS_QUERY_CMD="/usr/local/bin/ai-proxy-js-pluginserver -d /opt/ai-proxy-js/dist/plugins --dump-all-plugins"

# Fail the build, not Kong's start-up, if node cannot run on this base image or the plugin does not load.
RUN node_version="$(/usr/local/bin/node --version)" \
 && echo "node ${node_version}" \
 && /usr/local/bin/ai-proxy-js-pluginserver -d /opt/ai-proxy-js/dist/plugins --dump-all-plugins | grep -q '"ai-proxy-js"'

# Kong's own user, as in the base image.
USER kong
