#!/usr/bin/env node
import '../dist/src/cli/process-main.js';
