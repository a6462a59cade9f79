import { StepError } from '../contract/errors.js';
import { sleep } from '../contract/sleep.js';
import type { Runbook } from '../runbook/schema.js';
import { parseDuration } from '../contract/duration.js';
import { errorData } from './error-data.js';
import { runCheck, type StepRunnerOptions } from './step-runner.js';

const DEFAULT_VERIFY_TIMEOUT_MS = 60_000;
const VERIFY_INTERVAL_MS = 500;

/** A step's `require` interlocks: all must pass once, or the step does not start. */
export async function checkInterlocks(
  options: StepRunnerOptions,
  runbook: Runbook,
  stepId: string,
  signal: AbortSignal,
): Promise<void> {
  const step = runbook.tiers.flatMap((t) => t.steps).find((s) => s.id === stepId);
  for (const [index, check] of (step?.require ?? []).entries()) {
    try {
      await runCheck(options, { ...check, id: `${stepId}.require[${index}]` }, signal);
    } catch (error) {
      const { message } = errorData(error);
      options.record('step.interlock-refused', {
        step: stepId,
        check: check.name ?? check.uses,
        message,
      });
      throw new StepError('step.interlock', `interlock of ${stepId} refused: ${message}`, {
        retryable: false,
      });
    }
  }
}

/**
 * A tier's verify checks, polled until all pass or the tier's verify timeout ends: the moment
 * they first pass is the tier's recovery time.
 */
export async function verifyTier(
  options: StepRunnerOptions,
  runbook: Runbook,
  tierName: string,
  signal: AbortSignal,
): Promise<void> {
  await Promise.resolve();
  const tier = runbook.tiers.find((t) => t.name === tierName);
  const checks = tier?.verify ?? [];
  if (checks.length === 0 || options.mode === 'dry-run') return;
  const timeout =
    (tier?.verifyTimeout && parseDuration(tier.verifyTimeout)) || DEFAULT_VERIFY_TIMEOUT_MS;
  const deadline = Date.now() + timeout;
  for (let attempt = 1; ; attempt++) {
    const failures: string[] = [];
    for (const [index, check] of checks.entries()) {
      await runCheck(options, { ...check, id: `${tierName}.verify[${index}]` }, signal).catch(
        (error: unknown) =>
          failures.push(`${check.name ?? check.uses}: ${errorData(error).message}`),
      );
    }
    if (failures.length === 0) return;
    if (Date.now() + VERIFY_INTERVAL_MS > deadline) {
      throw new StepError(
        'tier.verify-failed',
        `verify of tier ${tierName} failed: ${failures.join('; ')}`,
        {
          retryable: false,
        },
      );
    }
    if (attempt === 1) options.record('tier.verify-pending', { tier: tierName, failures });
    await sleep(VERIFY_INTERVAL_MS, signal);
  }
}
