/**
 * Configuration for one-shot CLI commands: like the server's, but logs stay silent unless
 * RECOVA_LOG_LEVEL says otherwise (command output is for people and scripts, not log lines).
 */
import { loadConfig, type Config } from '../platform/config.ts';

export function cliConfig(dataDir?: string): Config {
  return loadConfig({ dataDir }, { ...process.env, RECOVA_LOG_LEVEL: process.env.RECOVA_LOG_LEVEL ?? 'silent' });
}
