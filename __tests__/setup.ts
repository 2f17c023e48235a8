import { Testing } from 'cdktf';
// Types for toHaveResource, toHaveResourceWithProperties, toBeValidTerraform… on expect().
import 'cdktf/lib/testing/adapters/jest';

// Adds cdktf's matchers to expect().
Testing.setupJest();
