import { join } from 'node:path';
import { buildApp } from '../../../main';
import { defineMonitorTests } from '../../../stacks/monitor-tests';

// The example test file, run inside the test suite by the jest helper against the example app's monitors: each
// test of the file is a jest test of its own, failing with the lines `houndstack monitors test` prints.
const root = join(__dirname, '..', '..', '..');
defineMonitorTests([join(root, 'examples/monitor-tests/payments-prod.yaml')], { app: buildApp(join(root, 'examples/accounts.yaml')) });
