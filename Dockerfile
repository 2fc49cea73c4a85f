# Node 24 LTS, pinned to the release CI also runs the suite on (.ci/run): bump both together.
FROM node:24.21.0-bookworm-slim
# ffmpeg/ffprobe make video posters, durations and dimensions; without them videos are kept with "no preview".
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY platform ./platform
COPY server ./server
COPY collab ./collab
COPY documents ./documents
COPY identity ./identity
COPY storage ./storage
COPY operations ./operations
COPY rest ./rest
COPY workers ./workers
COPY web ./web
# The browser client is built into the image; the server serves it at /.
RUN node --import tsx web/build.ts --force
# Code stays root-owned and read-only to the app; only its data folder is writable.
RUN mkdir -p /app/data && chown node:node /app/data
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
USER node
EXPOSE 3000
# Liveness only (/readyz would also fail while the database is away, and a restart cannot fix that).
# Slim images have no curl: Node's fetch does the request.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node flags as `npm start` has them (test/compose.test.ts keeps the two alike; the README says why).
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "server/main.ts"]
