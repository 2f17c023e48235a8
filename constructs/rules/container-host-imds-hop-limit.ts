import { IConstruct } from 'constructs';
import { ContainerHostDetection, containerHost, metadataOptions } from './container-host';
import { ResourceRule, ResourceRuleLevel, ResourceRuleResult } from './resource-rule';

export interface ContainerHostImdsHopLimitProps extends ContainerHostDetection {
  /** @default 'error' */
  readonly level?: ResourceRuleLevel;
}

/**
 * HS-IMDS-1: a container host requires IMDSv2 with `http_put_response_hop_limit` below 2.
 *
 * The IMDSv2 token PUT answer is sent with the hop limit as its IP TTL; from a container on a bridge network it is one
 * hop further away, so with a limit of 1 the answer never arrives. SDKs and the Datadog Agent then retry and fall back
 * (4-second stalls are seen in the field) or lose the instance identity and credentials.
 * Unset means the AWS default of 1. A disabled metadata endpoint (`http_endpoint = "disabled"`) is not flagged.
 */
export class ContainerHostImdsHopLimit implements ResourceRule {
  readonly id = 'HS-IMDS-1';
  readonly level: ResourceRuleLevel;
  readonly cause = 'A host that runs containers requires IMDSv2 but its metadata hop limit is below 2:';
  readonly explanation =
    'Containers are one network hop further from the instance metadata service; with a hop limit of 1 the IMDSv2 ' +
    'token never reaches them, and SDKs and the Datadog Agent stall on retries. Set metadata_options ' +
    '{ http_tokens = "required", http_put_response_hop_limit = 2 }.';
  private readonly detection: ContainerHostDetection;

  constructor(props: ContainerHostImdsHopLimitProps = {}) {
    this.level = props.level ?? 'error';
    this.detection = props;
  }

  evaluate(node: IConstruct): ResourceRuleResult {
    const host = containerHost(node, this.detection);
    if (!host) return { applies: false };
    const options = metadataOptions(host.attributes);
    if (!options || options.http_tokens !== 'required' || options.http_endpoint === 'disabled') {
      return { applies: true, problems: [] }; // IMDSv1 or IMDS off: HS-IMDS-2's business, or nothing to reach
    }
    const hop = options.http_put_response_hop_limit;
    if (hop === undefined || hop === null) {
      return { applies: true, problems: ['http_put_response_hop_limit is unset (AWS default 1)'] };
    }
    if (typeof hop === 'number' && hop < 2) {
      return { applies: true, problems: [`http_put_response_hop_limit is ${hop}`] };
    }
    return { applies: true, problems: [] };
  }
}
