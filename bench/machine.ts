import * as os from "node:os";

/** The machine a benchmark ran on. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverage1m: number;
  date: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    date: new Date().toISOString(),
  };
}

/** Busy CPU time of the whole machine, summed over cores, in seconds. */
export function machineBusySeconds(): number {
  return os.cpus().reduce((s, c) => s + (c.times.user + c.times.nice + c.times.sys + c.times.irq) / 1000, 0);
}

/**
 * How many cores' worth of work other processes did while a measured process ran: the machine's busy
 * time minus the measured process's own CPU time, over the wall time.
 */
export function otherLoad(busyBefore: number, busyAfter: number, ownCpuSeconds: number, wallSeconds: number): number {
  return Math.max(0, (busyAfter - busyBefore - ownCpuSeconds) / wallSeconds);
}
