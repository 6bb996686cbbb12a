import prices from './on-demand-prices.json';
import usage from './daily-usage.json';

export type Prices = typeof prices;
export type DailyUsage = typeof usage;
type Scale = 'min' | 'mid' | 'max';

export interface CostLine {
  item: string;
  dollars: number;
}

export interface DailyCost {
  cloud: 'aws' | 'gcp';
  total: number;
  lines: CostLine[];
}

/** Instance-hours over the day: each hour band at its scale. */
function instanceHours(counts: Record<Scale, number>, bands: DailyUsage['hourBands']): number {
  return bands.reduce((sum, band) => sum + band.hours * counts[band.scale as Scale], 0);
}

function total(lines: CostLine[]): number {
  return Math.round(lines.reduce((sum, line) => sum + line.dollars, 0) * 100) / 100;
}

/** AWS side (JARVIS on ECS Fargate behind an ALB, RDS db.t3.micro Multi-AZ, ElastiCache, S3), dollars per day. */
export function awsDailyCost(day: DailyUsage = usage, price: Prices['aws'] = prices.aws): DailyCost {
  const taskHours = instanceHours(day.ecs.tasks, day.hourBands);
  const lines: CostLine[] = [
    { item: 'ECS Fargate tasks', dollars: taskHours * (day.ecs.vcpu * price.fargateVcpuHour + day.ecs.memoryGb * price.fargateGbHour) },
    { item: 'Application Load Balancer', dollars: 24 * (price.albHour + day.ecs.albLcu * price.albLcuHour) },
    { item: 'RDS db.t3.micro Multi-AZ', dollars: 24 * day.rds.instances * price.rdsDbT3MicroMultiAzHour + (day.rds.storageGb * price.rdsGp2MultiAzGbMonth) / 30 },
    { item: 'ElastiCache cache.t3.micro', dollars: 24 * day.elasticache.nodes * price.elasticacheCacheT3MicroHour },
    {
      item: 'S3 storage, requests, egress, replication',
      dollars:
        (day.s3.storedGb * price.s3StandardGbMonth) / 30 +
        (day.s3.putsPerDay / 1000) * price.s3PutPer1000 +
        (day.s3.getsPerDay / 1000) * price.s3GetPer1000 +
        day.s3.egressGbPerDay * price.dataTransferOutGb +
        day.s3.replicatedGbPerDay * price.s3ReplicationTransferGb,
    },
  ];
  return { cloud: 'aws', total: total(lines), lines };
}

/** GCP side (JARVIS on Cloud Run, AI DAWG on GKE standard with e2-standard-2 nodes), dollars per day. */
export function gcpDailyCost(day: DailyUsage = usage, price: Prices['gcp'] = prices.gcp): DailyCost {
  const runSeconds = instanceHours(day.cloudRun.instances, day.hourBands) * 3600;
  const nodeHours = day.hourBands.reduce((sum, band) => {
    const pods = day.gke.services * day.gke.replicas[band.scale as Scale];
    return sum + band.hours * Math.ceil((pods * day.gke.podCpu) / price.gkeE2Standard2AllocatableVcpu);
  }, 0);
  const lines: CostLine[] = [
    { item: 'Cloud Run instances', dollars: runSeconds * (day.cloudRun.vcpu * price.cloudRunVcpuSecond + day.cloudRun.memoryGib * price.cloudRunGibSecond) },
    { item: 'Cloud Run requests', dollars: (day.cloudRun.requestsPerDay / 1e6) * price.cloudRunPerMillionRequests },
    { item: 'GKE cluster management', dollars: 24 * day.gke.clusters * price.gkeClusterManagementHour },
    { item: 'GKE e2-standard-2 nodes', dollars: nodeHours * price.gkeE2Standard2NodeHour },
  ];
  return { cloud: 'gcp', total: total(lines), lines };
}

export const PRICES_AS_OF = prices.asOf;
