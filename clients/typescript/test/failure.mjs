// The tests' one way to expect a failed call.
import assert from 'node:assert/strict';
import { ConnectError, richError } from '@realname-api/client';

/** Runs `call` and returns its RichError; fails when the call succeeds or throws something else. */
export async function failure(call) {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof ConnectError, `not a ConnectError: ${error}`);
    return richError(error);
  }
  assert.fail('the call succeeded');
}
