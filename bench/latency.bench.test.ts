import { test } from 'vitest'
import { latency } from './sections/latency'

test('3. latency fire → receive at 50 events/s', () => latency())
