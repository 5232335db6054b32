# syntax=docker/dockerfile:1
#
# One image for every part of the platform. `SERVICES` chooses what a container runs
# (identity, registry, pki, seap, szprot, notifications, gateway; empty = all, embedded).
#
#   docker build -t puesc/platform:dev .
#   docker run --rm -p 3000:3000 --read-only --tmpfs /tmp --tmpfs /data puesc/platform:dev
#
# Stages: manifests (package.json files + lockfile only, so the dependency layers stay cached
# while sources change) -> build (full install, `pnpm build`: type-check + esbuild bundle of the
# composition root, platform/src/main.ts, into dist/main.js) -> prod-deps (production dependencies
# only, in a clean tree) -> runtime.
# No key, certificate or password is ever copied into the image: they are mounted at run time
# (see docs/operations.md).

ARG NODE_VERSION=20.20
ARG PNPM_VERSION=10

# ---------------------------------------------------------------------------------------------
FROM node:${NODE_VERSION}-alpine AS pnpm
ARG PNPM_VERSION
ENV CI=true \
    PNPM_STORE=/pnpm/store
RUN npm install --global --no-fund --no-audit "pnpm@${PNPM_VERSION}" && pnpm --version
WORKDIR /src

# ---------------------------------------------------------------------------------------------
# Only what the package manager reads: every package.json (paths kept), the lockfile, the
# workspace file. The later install layers depend on nothing else.
FROM pnpm AS manifests
COPY . .
RUN find . -type f ! -name package.json ! -name pnpm-lock.yaml ! -name pnpm-workspace.yaml ! -name .npmrc -delete \
 && find . -depth -type d -empty -delete

# ---------------------------------------------------------------------------------------------
FROM pnpm AS build
COPY --from=manifests /src/ ./
# --ignore-scripts: nothing the build uses needs an install script (esbuild finds its platform
# binary through its optional dependency); native add-ons of test tools are not built here.
RUN --mount=type=cache,id=puesc-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --ignore-scripts --store-dir "$PNPM_STORE"
COPY . .
RUN pnpm build && test -f dist/main.js && test -f dist/web/index.html

# ---------------------------------------------------------------------------------------------
# Production dependencies in a clean tree. With `nodeLinker: hoisted` every third-party package
# the bundle requires lands in /src/node_modules; the per-workspace node_modules folders only
# hold links between workspace packages, which the bundle no longer needs.
FROM pnpm AS prod-deps
COPY --from=manifests /src/ ./
RUN --mount=type=cache,id=puesc-pnpm-store,target=/pnpm/store \
    pnpm install --prod --frozen-lockfile --ignore-scripts --store-dir "$PNPM_STORE" \
 && rm -rf node_modules/.bin node_modules/.cache

# ---------------------------------------------------------------------------------------------
FROM node:${NODE_VERSION}-alpine AS runtime
LABEL org.opencontainers.image.title="puesc-platform" \
      org.opencontainers.image.description="Customs e-services platform: one image, SERVICES selects the part" \
      org.opencontainers.image.licenses="Apache-2.0"

# DejaVu Sans gives UPO PDFs their Polish letters (seap); a fixed path whatever the package's
# layout. The package managers are not needed at run time: fewer binaries, fewer findings.
RUN apk add --no-cache font-dejavu \
 && ln -s "$(find /usr/share/fonts -name DejaVuSans.ttf | head -n 1)" /usr/share/fonts/puesc-upo.ttf \
 && test -s /usr/share/fonts/puesc-upo.ttf \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
           /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
           /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* \
 && addgroup -S -g 10001 puesc \
 && adduser -S -D -H -u 10001 -G puesc -h /app -s /sbin/nologin puesc \
 && mkdir -p /app /data \
 && chown 10001:10001 /data

ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    SHUTDOWN_TIMEOUT_MS=10000 \
    SEAP_PDF_FONT_FILE=/usr/share/fonts/puesc-upo.ttf

WORKDIR /app
# Owned by root and not writable by the process: the code cannot be changed at run time.
COPY --from=prod-deps /src/node_modules ./node_modules
COPY --from=build /src/dist/main.js /src/dist/main.js.map ./dist/
# The portal (web/build.mjs), served by the gateway from dist/web.
COPY --from=build /src/dist/web ./dist/web

# Writable places are /data (DATA_DIR, embedded mode only) and /tmp; mount both when the root
# file system is read-only (compose: tmpfs; Kubernetes: emptyDir).
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/main.js"]
