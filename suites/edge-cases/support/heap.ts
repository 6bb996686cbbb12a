import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let collect: (() => void) | undefined;

/** Heap in use after a full garbage collection (MB): the figure a leak check compares. */
export function settledHeapMb(): number {
  if (!collect) {
    // Jest does not start Node with --expose-gc; the flag can be set at run time and gc taken from a fresh context.
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
  collect();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
