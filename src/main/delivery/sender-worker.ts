/**
 * The sending thread's script (a worker thread; its own entry in the CLI's and the app's builds):
 * it runs sendHttp for the engine, so the sockets' writes, the HTTP parsing and the pools'
 * bookkeeping leave the engine's thread. The bytes are sendHttp's own.
 */
import { parentPort } from 'node:worker_threads'
import { sendHttp } from './http-sender'
import { READY, type SenderAnswer, type SenderOp, perTurn } from './sender-thread-protocol'

const port = parentPort
if (!port) throw new Error('sender-worker.js runs as a worker thread of Hookbench, not on its own')

const answer = perTurn<SenderAnswer>((answers) => port.postMessage(answers))
/** Requests the engine may abandon (a load step stopping), by id, while they are out. */
const abandonable = new Map<number, AbortController>()

port.on('message', (ops: SenderOp[]) => {
  for (const op of ops) {
    if (op.kind === 'abandon') {
      abandonable.get(op.id)?.abort()
      continue
    }
    const controller = op.abandonable ? new AbortController() : undefined
    if (controller) abandonable.set(op.id, controller)
    void sendHttp(controller ? { ...op.request, signal: controller.signal } : op.request).then((result) => {
      abandonable.delete(op.id)
      answer([op.id, result])
    })
  }
})
port.postMessage(READY)
