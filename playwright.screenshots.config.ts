import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({ ...base, testDir: 'e2e/screenshots', testMatch: '**/*.shot.ts', workers: 1 });
