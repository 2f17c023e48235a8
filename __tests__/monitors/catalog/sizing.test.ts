import { callsPerSecond, monitorsPerShard, refreshModel, refreshSeconds, shardsFor } from '../../../constructs/monitors/catalog/sizing';

describe('the shard sizing rule', () => {
  it('with the defaults: 10 calls in flight of 0.25 s could do 40 a second, the rate limit allows 10, so 1,200 monitors fit a 120 s refresh', () => {
    expect(callsPerSecond()).toBe(10);
    expect(monitorsPerShard()).toBe(1200);
    expect(refreshSeconds(1200)).toBe(120);
    expect(shardsFor(100_000)).toBe(84);
  });

  it('is bounded by Terraform\'s parallelism when the organisation\'s limit is higher', () => {
    const raised = { apiRequestsPerSecond: 100 };
    expect(callsPerSecond(raised)).toBe(40); // 10 / 0.25 s
    expect(monitorsPerShard(raised)).toBe(4800);
    expect(callsPerSecond({ ...raised, parallelism: 30 })).toBe(100);
  });

  it('refuses inputs that are not positive numbers, all at once', () => {
    expect(() => refreshModel({ parallelism: 2.5, apiRequestsPerSecond: 0, requestSeconds: -1 })).toThrow(
      'refresh model: apiRequestsPerSecond must be a positive number, got 0; requestSeconds must be a positive number, got -1; parallelism must be a positive integer, got 2.5',
    );
  });
});
