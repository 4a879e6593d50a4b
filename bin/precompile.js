#!/usr/bin/env node
// The build's last step: the policy schemas' validators as ajv standalone code beside the
// compiled sources (dist/policy/validators.cjs), so no command spends time compiling them.
import { writeStandaloneValidators } from "../dist/policy/precompiled-validators.js";

writeStandaloneValidators();
