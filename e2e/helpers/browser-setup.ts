/**
 * Global setup of the browser journeys: start one Chromium for the whole run and hand its WebSocket endpoint
 * to the test files (`inject('chromiumWsEndpoint')`, see browser.ts); stop it when the run ends.
 */
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** ws:// endpoint of the run's shared Chromium (playwright `launchServer`) */
    chromiumWsEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await chromium.launchServer({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  project.provide('chromiumWsEndpoint', server.wsEndpoint());
  return async () => {
    await server.close();
  };
}
