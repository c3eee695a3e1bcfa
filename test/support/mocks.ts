/**
 * Strict mocks of ports for service tests (immich's style): every method is a jest.fn that fails
 * the test when called without an implementation the test gave it, so a service reaching for a
 * port the test did not expect is caught.
 */
export type Mocked<T> = {
  -readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> : T[K];
};

export function mockOf<T extends object>(name: string): Mocked<T> & T {
  const methods = new Map<PropertyKey, jest.Mock>();
  return new Proxy({} as Mocked<T> & T, {
    get(target, prop) {
      if (prop in target) return (target as Record<PropertyKey, unknown>)[prop];
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      let fn = methods.get(prop);
      if (!fn) {
        fn = jest.fn(() => {
          throw new Error(`unexpected call: ${name}.${String(prop)}() has no mock implementation`);
        });
        methods.set(prop, fn);
      }
      return fn;
    },
    set(target, prop, value) {
      (target as Record<PropertyKey, unknown>)[prop] = value;
      return true;
    },
  });
}
