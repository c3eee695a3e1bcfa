import { AppConfig, ConfigError, loadConfig } from './app-config';

/**
 * Entry points read the environment here and nowhere else. A bad value stops the process at once
 * with a message naming the variable and what it expects.
 */
export function loadConfigOrExit(): AppConfig {
  try {
    // eslint-disable-next-line no-restricted-syntax -- the one place that reads the environment
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** The process environment, for tools that pass parts of it on to loadConfig (e.g. the model settings). */
export function environmentVariables(prefix: string): Record<string, string> {
  // eslint-disable-next-line no-restricted-syntax -- the one place that reads the environment
  const env = process.env;
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[0].startsWith(prefix) && !!e[1]),
  );
}
