import { IConstruct } from 'constructs';
import { ContainerHostDetection, containerHost, metadataOptions } from './container-host';
import { ResourceRule, ResourceRuleLevel, ResourceRuleResult } from './resource-rule';

export interface ContainerHostImdsV1Props extends ContainerHostDetection {
  /** @default 'error' */
  readonly level?: ResourceRuleLevel;
}

/**
 * HS-IMDS-2: a container host allows IMDSv1 (`http_tokens = "optional"`, or metadata options unset, which leaves it
 * to the AMI and account defaults — optional on most AMIs).
 *
 * With IMDSv1 any process in any container that can make a GET to 169.254.169.254 (an SSRF in an application is
 * enough) reads the instance role's credentials. An `aws_instance` launched from a launch template without its own
 * `metadata_options` inherits the template's, which this rule checks on the template.
 */
export class ContainerHostImdsV1 implements ResourceRule {
  readonly id = 'HS-IMDS-2';
  readonly level: ResourceRuleLevel;
  readonly cause = 'A host that runs containers allows IMDSv1:';
  readonly explanation =
    'Any container that can make an HTTP GET to the metadata service (one SSRF is enough) can read the instance ' +
    "role's credentials. Set metadata_options { http_tokens = \"required\", http_put_response_hop_limit = 2 }.";
  private readonly detection: ContainerHostDetection;

  constructor(props: ContainerHostImdsV1Props = {}) {
    this.level = props.level ?? 'error';
    this.detection = props;
  }

  evaluate(node: IConstruct): ResourceRuleResult {
    const host = containerHost(node, this.detection);
    if (!host) return { applies: false };
    const options = metadataOptions(host.attributes);
    if (options?.http_endpoint === 'disabled') return { applies: true, problems: [] };
    if (!options || options.http_tokens === undefined || options.http_tokens === null) {
      if (host.resource.terraformResourceType === 'aws_instance' && host.attributes.launch_template !== undefined) {
        return { applies: false }; // inherits the launch template's options
      }
      return { applies: true, problems: ['metadata_options.http_tokens is unset (IMDSv1 allowed unless the AMI says otherwise)'] };
    }
    if (options.http_tokens === 'optional') {
      return { applies: true, problems: ['metadata_options.http_tokens is "optional"'] };
    }
    return { applies: true, problems: [] };
  }
}
