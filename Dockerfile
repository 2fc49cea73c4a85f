FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY server ./server
COPY collab ./collab
COPY documents ./documents
COPY identity ./identity
COPY rest ./rest
COPY workers ./workers
COPY web ./web
# The browser client is built into the image; the server serves it at /.
RUN node --import tsx web/build.ts --force
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "server/main.ts"]
