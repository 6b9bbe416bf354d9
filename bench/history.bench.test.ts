import { test } from 'vitest'
import { historyScale } from './sections/history'

test('history at 0, 10k and 100k deliveries: serve start (API, whole history, RSS), write cost, page time', () => historyScale())
