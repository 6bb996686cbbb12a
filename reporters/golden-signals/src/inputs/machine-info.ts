import * as os from 'node:os';
import type { MachineInfo } from '../report/report-types';

/** The machine the run happened on: figures in the report only make sense next to it. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    ...(cpus[0]?.model ? { cpuModel: cpus[0].model.trim() } : {}),
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
  };
}
