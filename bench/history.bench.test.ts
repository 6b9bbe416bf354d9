import { test } from 'vitest'
import { historyScale } from './sections/history'

test('history at 10k and 100k deliveries: cold start, RSS, write cost, page time', () => historyScale())
