# AI DAWG services; SERVICE picks the entry (backend 3001, vocal-coach 8000, producer 8001, brain 8003):
#   docker build -f deploy/docker/ai-dawg.Dockerfile -t ai-dawg .
#   docker run -e SERVICE=producer -p 8001:8001 ai-dawg
FROM node:20-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile --filter @orch/ai-dawg... --filter test-orchestrator
ENV NODE_ENV=production SERVICE=backend
USER node
CMD ["sh", "-c", "exec node --import tsx packages/ai-dawg/src/${SERVICE}/main.ts"]
