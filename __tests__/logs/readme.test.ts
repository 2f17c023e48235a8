import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nginxLogFormat } from '../../constructs/logs';

/* The README's "Latency from nginx logs" section quotes the example accounts file and the snippet synth writes for it. */
const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Latency from nginx logs'), readme.indexOf('## Delivering the Postgres check'));

describe('README: latency from nginx logs', () => {
  it('quotes the storefront entry of examples/accounts.yaml as it is', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1];
    expect(readFileSync(join(root, 'examples', 'accounts.yaml'), 'utf8')).toContain(yaml);
  });

  it('shows the snippet synth writes for that entry', () => {
    const nginx = /```nginx\n([\s\S]*?)```/.exec(section)![1];
    const snippet = nginxLogFormat({ service: 'storefront', env: 'prod', serviceTimeHeader: 'X-Runtime', serviceTimeUnit: 'seconds', queuedThresholdMilliseconds: 100 }).snippet;
    expect(snippet).toContain(nginx);
  });
});
