// Vitest global setup: a throwaway PostgreSQL and Redis for the suites that run on both engines,
// started once per run and stopped after it. Tests read their addresses with inject().
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './throwaway-postgres';
import { startThrowawayRedis } from './throwaway-redis';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [postgres, redis] = await Promise.all([startThrowawayPostgres(), startThrowawayRedis()]);
  project.provide('postgresUrl', postgres.url);
  project.provide('redisUrl', redis.url);
  return async () => void (await Promise.all([postgres.stop(), redis.stop()]));
}
