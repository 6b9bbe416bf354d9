import { test } from 'vitest'
import { webMode } from './sections/web'

test('2b. web mode: hookbench serve over its HTTP API', () => webMode())
