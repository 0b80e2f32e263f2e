#!/usr/bin/env node
import { VERSION } from '../version';

console.log(`vllm-ai-provider ${VERSION}`);
