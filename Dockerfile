# PEC Match: one image for the api and the worker (docker-compose.yml picks the command).
#
#   docker build -t pec-match .                                 the runtime image (default target)
#   docker build --build-arg EMBEDDING_MODEL=Xenova/multilingual-e5-small -t pec-match .
#   docker build --build-arg MODELS_FROM=/src/models -t pec-match .   air-gapped: copy, don't download
#   docker build --target contract -t pec-match-contract .     the MongoDB contract suites (compose profile "contract")
#
# The model is baked into the image at build time and verified against models/manifest.json, and the
# runtime never downloads (EMBEDDING_REMOTE=false). The runtime runs as the unprivileged user `node`
# and writes only to DATA_DIR=/data (a volume); everything else it touches is root-owned and
# read-only to it (docker-compose.yml also mounts the root file system read-only).

# Dependencies with the native addons (better-sqlite3, hnswlib-node) built from source.
FROM node:20-bookworm-slim AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS source
COPY . .
RUN npm run build

# The MongoDB contract suites, against MONGODB_URI (a replica set: the adapter uses transactions).
# They fail rather than skip when MONGODB_URI is missing. The job-queue contract needs a Redis.
FROM source AS contract
RUN apt-get update && apt-get install -y --no-install-recommends redis-server \
  && rm -rf /var/lib/apt/lists/*
ENV CONTRACT_REQUIRE_MONGODB=true EMBEDDING_REMOTE=false
CMD ["npm", "run", "test:contract"]

# The model: downloaded from the hub at the manifest's pinned revision (or copied from MODELS_FROM)
# and checked file by file against the manifest's SHA-256. Files the manifest has not pinned yet are
# pinned on this fetch (--pin: trust on first use, at a pinned revision); the weights and the
# tokenizer are pinned, so a changed file is refused and the build fails.
FROM source AS build
ARG EMBEDDING_MODEL=
ARG MODELS_FROM=
RUN node dist/src/embeddings/models-fetch.cli.js --pin \
      ${EMBEDDING_MODEL:+--model "$EMBEDDING_MODEL"} ${MODELS_FROM:+--from "$MODELS_FROM"} \
  && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ARG EMBEDDING_MODEL=
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data \
    EMBEDDING_REMOTE=false EMBEDDING_MODEL_DIR=/app/models
ENV EMBEDDING_MODEL=${EMBEDDING_MODEL:-Xenova/paraphrase-multilingual-MiniLM-L12-v2}
WORKDIR /app
# Root-owned, so the process cannot change its own code, dependencies or model.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/seeds ./seeds
COPY --from=build /app/i18n ./i18n
COPY --from=build /app/models ./models
COPY --from=build /app/src/embeddings/transformers-process.mjs ./src/embeddings/
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
VOLUME /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
