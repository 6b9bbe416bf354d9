import { test } from 'vitest'
import { engineThroughput } from './sections/engine'

test('2a/2c. in-process engine: steady and burst', () => engineThroughput())
