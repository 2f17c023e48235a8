// Types for the matchers Testing.setupJest() adds in setup.ts (toHaveResourceWithProperties, …).
import 'cdktf/lib/testing/adapters/jest';
