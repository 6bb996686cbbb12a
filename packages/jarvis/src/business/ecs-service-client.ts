/** The part of the ECS API JARVIS drives (JSON 1.1 protocol); the AWS endpoint is a third party, mocked in tests. */
export interface EcsServiceClientOptions {
  endpoint?: string;
  region?: string;
  cluster: string;
  service: string;
  /** Signs the request (SigV4 in production); tests pass a static header. */
  authorize?: (headers: Record<string, string>) => Record<string, string>;
}

export class EcsServiceClient {
  private readonly endpoint: string;

  constructor(private readonly options: EcsServiceClientOptions) {
    this.endpoint = options.endpoint ?? `https://ecs.${options.region ?? 'us-east-1'}.amazonaws.com/`;
  }

  async describeDesiredCount(): Promise<number> {
    const answer = (await this.call('DescribeServices', { cluster: this.options.cluster, services: [this.options.service] })) as { services: Array<{ desiredCount: number }> };
    return answer.services[0]!.desiredCount;
  }

  async updateDesiredCount(desiredCount: number): Promise<number> {
    const answer = (await this.call('UpdateService', { cluster: this.options.cluster, service: this.options.service, desiredCount })) as { service: { desiredCount: number } };
    return answer.service.desiredCount;
  }

  private async call(action: string, body: unknown): Promise<unknown> {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonEC2ContainerServiceV20141113.${action}` };
    const response = await fetch(this.endpoint, { method: 'POST', headers: this.options.authorize?.(headers) ?? headers, body: JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`ECS ${action} answered ${response.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as unknown;
  }
}
