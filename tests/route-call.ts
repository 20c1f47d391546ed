// Calling route modules in-process the way Remix does: loaders and actions answer with data,
// or throw a Response (a redirect, a 403, a 404) that a test wants to look at.
import { expect } from 'vitest';
import {} from './route-call';

/** The Response a loader or action threw; fails the test when it returned instead. */
export async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Response);
    return error as Response;
  }
  throw new Error('expected a thrown Response');
}

/** What a loader or action returned, or what it threw: tests that accept either. */
export async function thrownOrReturned(call: () => Promise<unknown>) {
  try {
    return await call();
  } catch (thrown) {
    return thrown;
  }
}
