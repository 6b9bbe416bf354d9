import { test } from 'vitest'
import { uiSection } from './sections/ui'

test('4. UI: the Timeline over 100,000 deliveries in Chromium', () => uiSection())
