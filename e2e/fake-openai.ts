// The OpenAI-compatible test server (demo/server/testing/fake-openai.ts) as a process, for the e2e
// suite's gateway in OpenAI mode.
import { startFakeOpenAi } from '../demo/server/testing/fake-openai';

const server = await startFakeOpenAi({ port: Number(process.env['PORT'] ?? 4323), apiKey: process.env['OPENAI_API_KEY'] ?? 'e2e-openai-key', tokenMs: 40, slowTokenMs: 150 });
console.log(`fake OpenAI-compatible server on ${server.url}`);
