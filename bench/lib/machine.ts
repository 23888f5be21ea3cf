/** The machine a result was measured on, for the header of every result. */
import os from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memory: string;
  os: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

export function describeMachine(info: MachineInfo = machineInfo()): string {
  return `${info.cores} cores (${info.cpu}), ${info.memory} RAM, ${info.os}, Node ${info.node}`;
}
