import { test } from 'vitest'
import { loadRate } from './sections/load'

test('5. load step: the highest rate kept for 10 s', () => loadRate())
