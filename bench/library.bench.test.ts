import { test } from 'vitest'
import { libraryAtScaleZero } from './sections/library'

test('the built-in library at --time-scale 0 in one run', () => libraryAtScaleZero())
