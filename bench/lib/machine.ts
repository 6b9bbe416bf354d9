import { readFileSync } from 'node:fs'
import os from 'node:os'

export interface Machine {
  cpuModel: string
  cores: number
  ramGiB: number
  node: string
  os: string
  /** 1, 5 and 15-minute load averages when the bench started and ended: how noisy the machine was. */
  loadAverage: { start: number[]; end?: number[] }
}

function distribution(): string | undefined {
  try {
    return /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]
  } catch {
    return undefined
  }
}

export function describeMachine(): Machine {
  const cpus = os.cpus()
  const kernel = `${os.type()} ${os.release()} ${os.arch()}`
  const name = distribution()
  return {
    cpuModel: cpus[0]?.model.trim() || 'unknown',
    cores: os.availableParallelism(),
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: name ? `${name} (${kernel})` : kernel,
    loadAverage: { start: os.loadavg().map((n) => Math.round(n * 100) / 100) },
  }
}

export const machineLine = (m: Machine) => `${m.cpuModel}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}`
