import { test } from 'vitest'
import { rawBaseline } from './sections/raw'

test('1. raw baseline: undici → bare node:http', () => rawBaseline())
