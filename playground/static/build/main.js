var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/fast-safe-stringify/index.js
var require_fast_safe_stringify = __commonJS({
  "node_modules/fast-safe-stringify/index.js"(exports, module) {
    module.exports = stringify2;
    stringify2.default = stringify2;
    stringify2.stable = deterministicStringify;
    stringify2.stableStringify = deterministicStringify;
    var LIMIT_REPLACE_NODE = "[...]";
    var CIRCULAR_REPLACE_NODE = "[Circular]";
    var arr = [];
    var replacerStack = [];
    function defaultOptions2() {
      return {
        depthLimit: Number.MAX_SAFE_INTEGER,
        edgesLimit: Number.MAX_SAFE_INTEGER
      };
    }
    function stringify2(obj, replacer, spacer, options) {
      if (typeof options === "undefined") {
        options = defaultOptions2();
      }
      decirc(obj, "", 0, [], void 0, 0, options);
      var res;
      try {
        if (replacerStack.length === 0) {
          res = JSON.stringify(obj, replacer, spacer);
        } else {
          res = JSON.stringify(obj, replaceGetterValues(replacer), spacer);
        }
      } catch (_) {
        return JSON.stringify("[unable to serialize, circular reference is too complex to analyze]");
      } finally {
        while (arr.length !== 0) {
          var part = arr.pop();
          if (part.length === 4) {
            Object.defineProperty(part[0], part[1], part[3]);
          } else {
            part[0][part[1]] = part[2];
          }
        }
      }
      return res;
    }
    function setReplace(replace, val, k, parent) {
      var propertyDescriptor = Object.getOwnPropertyDescriptor(parent, k);
      if (propertyDescriptor.get !== void 0) {
        if (propertyDescriptor.configurable) {
          Object.defineProperty(parent, k, { value: replace });
          arr.push([parent, k, val, propertyDescriptor]);
        } else {
          replacerStack.push([val, k, replace]);
        }
      } else {
        parent[k] = replace;
        arr.push([parent, k, val]);
      }
    }
    function decirc(val, k, edgeIndex, stack, parent, depth, options) {
      depth += 1;
      var i;
      if (typeof val === "object" && val !== null) {
        for (i = 0; i < stack.length; i++) {
          if (stack[i] === val) {
            setReplace(CIRCULAR_REPLACE_NODE, val, k, parent);
            return;
          }
        }
        if (typeof options.depthLimit !== "undefined" && depth > options.depthLimit) {
          setReplace(LIMIT_REPLACE_NODE, val, k, parent);
          return;
        }
        if (typeof options.edgesLimit !== "undefined" && edgeIndex + 1 > options.edgesLimit) {
          setReplace(LIMIT_REPLACE_NODE, val, k, parent);
          return;
        }
        stack.push(val);
        if (Array.isArray(val)) {
          for (i = 0; i < val.length; i++) {
            decirc(val[i], i, i, stack, val, depth, options);
          }
        } else {
          var keys = Object.keys(val);
          for (i = 0; i < keys.length; i++) {
            var key = keys[i];
            decirc(val[key], key, i, stack, val, depth, options);
          }
        }
        stack.pop();
      }
    }
    function compareFunction(a, b) {
      if (a < b) {
        return -1;
      }
      if (a > b) {
        return 1;
      }
      return 0;
    }
    function deterministicStringify(obj, replacer, spacer, options) {
      if (typeof options === "undefined") {
        options = defaultOptions2();
      }
      var tmp = deterministicDecirc(obj, "", 0, [], void 0, 0, options) || obj;
      var res;
      try {
        if (replacerStack.length === 0) {
          res = JSON.stringify(tmp, replacer, spacer);
        } else {
          res = JSON.stringify(tmp, replaceGetterValues(replacer), spacer);
        }
      } catch (_) {
        return JSON.stringify("[unable to serialize, circular reference is too complex to analyze]");
      } finally {
        while (arr.length !== 0) {
          var part = arr.pop();
          if (part.length === 4) {
            Object.defineProperty(part[0], part[1], part[3]);
          } else {
            part[0][part[1]] = part[2];
          }
        }
      }
      return res;
    }
    function deterministicDecirc(val, k, edgeIndex, stack, parent, depth, options) {
      depth += 1;
      var i;
      if (typeof val === "object" && val !== null) {
        for (i = 0; i < stack.length; i++) {
          if (stack[i] === val) {
            setReplace(CIRCULAR_REPLACE_NODE, val, k, parent);
            return;
          }
        }
        try {
          if (typeof val.toJSON === "function") {
            return;
          }
        } catch (_) {
          return;
        }
        if (typeof options.depthLimit !== "undefined" && depth > options.depthLimit) {
          setReplace(LIMIT_REPLACE_NODE, val, k, parent);
          return;
        }
        if (typeof options.edgesLimit !== "undefined" && edgeIndex + 1 > options.edgesLimit) {
          setReplace(LIMIT_REPLACE_NODE, val, k, parent);
          return;
        }
        stack.push(val);
        if (Array.isArray(val)) {
          for (i = 0; i < val.length; i++) {
            deterministicDecirc(val[i], i, i, stack, val, depth, options);
          }
        } else {
          var tmp = {};
          var keys = Object.keys(val).sort(compareFunction);
          for (i = 0; i < keys.length; i++) {
            var key = keys[i];
            deterministicDecirc(val[key], key, i, stack, val, depth, options);
            tmp[key] = val[key];
          }
          if (typeof parent !== "undefined") {
            arr.push([parent, k, val]);
            parent[k] = tmp;
          } else {
            return tmp;
          }
        }
        stack.pop();
      }
    }
    function replaceGetterValues(replacer) {
      replacer = typeof replacer !== "undefined" ? replacer : function(k, v) {
        return v;
      };
      return function(key, val) {
        if (replacerStack.length > 0) {
          for (var i = 0; i < replacerStack.length; i++) {
            var part = replacerStack[i];
            if (part[1] === key && part[0] === val) {
              val = part[2];
              replacerStack.splice(i, 1);
              break;
            }
          }
        }
        return replacer.call(this, key, val);
      };
    }
  }
});

// node_modules/safe-stable-stringify/index.js
var require_safe_stable_stringify = __commonJS({
  "node_modules/safe-stable-stringify/index.js"(exports, module) {
    "use strict";
    var { hasOwnProperty } = Object.prototype;
    var stringify2 = configure2();
    stringify2.configure = configure2;
    stringify2.stringify = stringify2;
    stringify2.default = stringify2;
    exports.stringify = stringify2;
    exports.configure = configure2;
    module.exports = stringify2;
    var strEscapeSequencesRegExp = /[\u0000-\u001f\u0022\u005c\ud800-\udfff]/;
    function strEscape(str) {
      if (str.length < 5e3 && !strEscapeSequencesRegExp.test(str)) {
        return `"${str}"`;
      }
      return JSON.stringify(str);
    }
    function sort(array, comparator) {
      if (array.length > 200 || comparator) {
        return array.sort(comparator);
      }
      for (let i = 1; i < array.length; i++) {
        const currentValue = array[i];
        let position = i;
        while (position !== 0 && array[position - 1] > currentValue) {
          array[position] = array[position - 1];
          position--;
        }
        array[position] = currentValue;
      }
      return array;
    }
    var typedArrayPrototypeGetSymbolToStringTag = Object.getOwnPropertyDescriptor(
      Object.getPrototypeOf(
        Object.getPrototypeOf(
          new Int8Array()
        )
      ),
      Symbol.toStringTag
    ).get;
    function isTypedArrayWithEntries(value) {
      return typedArrayPrototypeGetSymbolToStringTag.call(value) !== void 0 && value.length !== 0;
    }
    function stringifyTypedArray(array, separator, maximumBreadth) {
      if (array.length < maximumBreadth) {
        maximumBreadth = array.length;
      }
      const whitespace = separator === "," ? "" : " ";
      let res = `"0":${whitespace}${array[0]}`;
      for (let i = 1; i < maximumBreadth; i++) {
        res += `${separator}"${i}":${whitespace}${array[i]}`;
      }
      return res;
    }
    function getCircularValueOption(options) {
      if (hasOwnProperty.call(options, "circularValue")) {
        const circularValue = options.circularValue;
        if (typeof circularValue === "string") {
          return `"${circularValue}"`;
        }
        if (circularValue == null) {
          return circularValue;
        }
        if (circularValue === Error || circularValue === TypeError) {
          return {
            toString() {
              throw new TypeError("Converting circular structure to JSON");
            }
          };
        }
        throw new TypeError('The "circularValue" argument must be of type string or the value null or undefined');
      }
      return '"[Circular]"';
    }
    function getDeterministicOption(options) {
      let value;
      if (hasOwnProperty.call(options, "deterministic")) {
        value = options.deterministic;
        if (typeof value !== "boolean" && typeof value !== "function") {
          throw new TypeError('The "deterministic" argument must be of type boolean or comparator function');
        }
      }
      return value === void 0 ? true : value;
    }
    function getBooleanOption(options, key) {
      let value;
      if (hasOwnProperty.call(options, key)) {
        value = options[key];
        if (typeof value !== "boolean") {
          throw new TypeError(`The "${key}" argument must be of type boolean`);
        }
      }
      return value === void 0 ? true : value;
    }
    function getPositiveIntegerOption(options, key) {
      let value;
      if (hasOwnProperty.call(options, key)) {
        value = options[key];
        if (typeof value !== "number") {
          throw new TypeError(`The "${key}" argument must be of type number`);
        }
        if (!Number.isInteger(value)) {
          throw new TypeError(`The "${key}" argument must be an integer`);
        }
        if (value < 1) {
          throw new RangeError(`The "${key}" argument must be >= 1`);
        }
      }
      return value === void 0 ? Infinity : value;
    }
    function getItemCount(number) {
      if (number === 1) {
        return "1 item";
      }
      return `${number} items`;
    }
    function getUniqueReplacerSet(replacerArray) {
      const replacerSet = /* @__PURE__ */ new Set();
      for (const value of replacerArray) {
        if (typeof value === "string" || typeof value === "number") {
          replacerSet.add(String(value));
        }
      }
      return replacerSet;
    }
    function getStrictOption(options) {
      if (hasOwnProperty.call(options, "strict")) {
        const value = options.strict;
        if (typeof value !== "boolean") {
          throw new TypeError('The "strict" argument must be of type boolean');
        }
        if (value) {
          return (value2) => {
            let message = `Object can not safely be stringified. Received type ${typeof value2}`;
            if (typeof value2 !== "function") message += ` (${value2.toString()})`;
            throw new Error(message);
          };
        }
      }
    }
    function configure2(options) {
      options = { ...options };
      const fail = getStrictOption(options);
      if (fail) {
        if (options.bigint === void 0) {
          options.bigint = false;
        }
        if (!("circularValue" in options)) {
          options.circularValue = Error;
        }
      }
      const circularValue = getCircularValueOption(options);
      const bigint = getBooleanOption(options, "bigint");
      const deterministic = getDeterministicOption(options);
      const comparator = typeof deterministic === "function" ? deterministic : void 0;
      const maximumDepth = getPositiveIntegerOption(options, "maximumDepth");
      const maximumBreadth = getPositiveIntegerOption(options, "maximumBreadth");
      function stringifyFnReplacer(key, parent, stack, replacer, spacer, indentation) {
        let value = parent[key];
        if (typeof value === "object" && value !== null && typeof value.toJSON === "function") {
          value = value.toJSON(key);
        }
        value = replacer.call(parent, key, value);
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            let res = "";
            let join = ",";
            const originalIndentation = indentation;
            if (Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              if (spacer !== "") {
                indentation += spacer;
                res += `
${indentation}`;
                join = `,
${indentation}`;
              }
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifyFnReplacer(String(i), value, stack, replacer, spacer, indentation);
                res += tmp2 !== void 0 ? tmp2 : "null";
                res += join;
              }
              const tmp = stringifyFnReplacer(String(i), value, stack, replacer, spacer, indentation);
              res += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res += `${join}"... ${getItemCount(removedKeys)} not stringified"`;
              }
              if (spacer !== "") {
                res += `
${originalIndentation}`;
              }
              stack.pop();
              return `[${res}]`;
            }
            let keys = Object.keys(value);
            const keyLength = keys.length;
            if (keyLength === 0) {
              return "{}";
            }
            if (maximumDepth < stack.length + 1) {
              return '"[Object]"';
            }
            let whitespace = "";
            let separator = "";
            if (spacer !== "") {
              indentation += spacer;
              join = `,
${indentation}`;
              whitespace = " ";
            }
            const maximumPropertiesToStringify = Math.min(keyLength, maximumBreadth);
            if (deterministic && !isTypedArrayWithEntries(value)) {
              keys = sort(keys, comparator);
            }
            stack.push(value);
            for (let i = 0; i < maximumPropertiesToStringify; i++) {
              const key2 = keys[i];
              const tmp = stringifyFnReplacer(key2, value, stack, replacer, spacer, indentation);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}:${whitespace}${tmp}`;
                separator = join;
              }
            }
            if (keyLength > maximumBreadth) {
              const removedKeys = keyLength - maximumBreadth;
              res += `${separator}"...":${whitespace}"${getItemCount(removedKeys)} not stringified"`;
              separator = join;
            }
            if (spacer !== "" && separator.length > 1) {
              res = `
${indentation}${res}
${originalIndentation}`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringifyArrayReplacer(key, value, stack, replacer, spacer, indentation) {
        if (typeof value === "object" && value !== null && typeof value.toJSON === "function") {
          value = value.toJSON(key);
        }
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            const originalIndentation = indentation;
            let res = "";
            let join = ",";
            if (Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              if (spacer !== "") {
                indentation += spacer;
                res += `
${indentation}`;
                join = `,
${indentation}`;
              }
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifyArrayReplacer(String(i), value[i], stack, replacer, spacer, indentation);
                res += tmp2 !== void 0 ? tmp2 : "null";
                res += join;
              }
              const tmp = stringifyArrayReplacer(String(i), value[i], stack, replacer, spacer, indentation);
              res += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res += `${join}"... ${getItemCount(removedKeys)} not stringified"`;
              }
              if (spacer !== "") {
                res += `
${originalIndentation}`;
              }
              stack.pop();
              return `[${res}]`;
            }
            stack.push(value);
            let whitespace = "";
            if (spacer !== "") {
              indentation += spacer;
              join = `,
${indentation}`;
              whitespace = " ";
            }
            let separator = "";
            for (const key2 of replacer) {
              const tmp = stringifyArrayReplacer(key2, value[key2], stack, replacer, spacer, indentation);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}:${whitespace}${tmp}`;
                separator = join;
              }
            }
            if (spacer !== "" && separator.length > 1) {
              res = `
${indentation}${res}
${originalIndentation}`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringifyIndent(key, value, stack, spacer, indentation) {
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (typeof value.toJSON === "function") {
              value = value.toJSON(key);
              if (typeof value !== "object") {
                return stringifyIndent(key, value, stack, spacer, indentation);
              }
              if (value === null) {
                return "null";
              }
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            const originalIndentation = indentation;
            if (Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              indentation += spacer;
              let res2 = `
${indentation}`;
              const join2 = `,
${indentation}`;
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifyIndent(String(i), value[i], stack, spacer, indentation);
                res2 += tmp2 !== void 0 ? tmp2 : "null";
                res2 += join2;
              }
              const tmp = stringifyIndent(String(i), value[i], stack, spacer, indentation);
              res2 += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res2 += `${join2}"... ${getItemCount(removedKeys)} not stringified"`;
              }
              res2 += `
${originalIndentation}`;
              stack.pop();
              return `[${res2}]`;
            }
            let keys = Object.keys(value);
            const keyLength = keys.length;
            if (keyLength === 0) {
              return "{}";
            }
            if (maximumDepth < stack.length + 1) {
              return '"[Object]"';
            }
            indentation += spacer;
            const join = `,
${indentation}`;
            let res = "";
            let separator = "";
            let maximumPropertiesToStringify = Math.min(keyLength, maximumBreadth);
            if (isTypedArrayWithEntries(value)) {
              res += stringifyTypedArray(value, join, maximumBreadth);
              keys = keys.slice(value.length);
              maximumPropertiesToStringify -= value.length;
              separator = join;
            }
            if (deterministic) {
              keys = sort(keys, comparator);
            }
            stack.push(value);
            for (let i = 0; i < maximumPropertiesToStringify; i++) {
              const key2 = keys[i];
              const tmp = stringifyIndent(key2, value[key2], stack, spacer, indentation);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}: ${tmp}`;
                separator = join;
              }
            }
            if (keyLength > maximumBreadth) {
              const removedKeys = keyLength - maximumBreadth;
              res += `${separator}"...": "${getItemCount(removedKeys)} not stringified"`;
              separator = join;
            }
            if (separator !== "") {
              res = `
${indentation}${res}
${originalIndentation}`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringifySimple(key, value, stack) {
        switch (typeof value) {
          case "string":
            return strEscape(value);
          case "object": {
            if (value === null) {
              return "null";
            }
            if (typeof value.toJSON === "function") {
              value = value.toJSON(key);
              if (typeof value !== "object") {
                return stringifySimple(key, value, stack);
              }
              if (value === null) {
                return "null";
              }
            }
            if (stack.indexOf(value) !== -1) {
              return circularValue;
            }
            let res = "";
            const hasLength = value.length !== void 0;
            if (hasLength && Array.isArray(value)) {
              if (value.length === 0) {
                return "[]";
              }
              if (maximumDepth < stack.length + 1) {
                return '"[Array]"';
              }
              stack.push(value);
              const maximumValuesToStringify = Math.min(value.length, maximumBreadth);
              let i = 0;
              for (; i < maximumValuesToStringify - 1; i++) {
                const tmp2 = stringifySimple(String(i), value[i], stack);
                res += tmp2 !== void 0 ? tmp2 : "null";
                res += ",";
              }
              const tmp = stringifySimple(String(i), value[i], stack);
              res += tmp !== void 0 ? tmp : "null";
              if (value.length - 1 > maximumBreadth) {
                const removedKeys = value.length - maximumBreadth - 1;
                res += `,"... ${getItemCount(removedKeys)} not stringified"`;
              }
              stack.pop();
              return `[${res}]`;
            }
            let keys = Object.keys(value);
            const keyLength = keys.length;
            if (keyLength === 0) {
              return "{}";
            }
            if (maximumDepth < stack.length + 1) {
              return '"[Object]"';
            }
            let separator = "";
            let maximumPropertiesToStringify = Math.min(keyLength, maximumBreadth);
            if (hasLength && isTypedArrayWithEntries(value)) {
              res += stringifyTypedArray(value, ",", maximumBreadth);
              keys = keys.slice(value.length);
              maximumPropertiesToStringify -= value.length;
              separator = ",";
            }
            if (deterministic) {
              keys = sort(keys, comparator);
            }
            stack.push(value);
            for (let i = 0; i < maximumPropertiesToStringify; i++) {
              const key2 = keys[i];
              const tmp = stringifySimple(key2, value[key2], stack);
              if (tmp !== void 0) {
                res += `${separator}${strEscape(key2)}:${tmp}`;
                separator = ",";
              }
            }
            if (keyLength > maximumBreadth) {
              const removedKeys = keyLength - maximumBreadth;
              res += `${separator}"...":"${getItemCount(removedKeys)} not stringified"`;
            }
            stack.pop();
            return `{${res}}`;
          }
          case "number":
            return isFinite(value) ? String(value) : fail ? fail(value) : "null";
          case "boolean":
            return value === true ? "true" : "false";
          case "undefined":
            return void 0;
          case "bigint":
            if (bigint) {
              return String(value);
            }
          // fallthrough
          default:
            return fail ? fail(value) : void 0;
        }
      }
      function stringify3(value, replacer, space) {
        if (arguments.length > 1) {
          let spacer = "";
          if (typeof space === "number") {
            spacer = " ".repeat(Math.min(space, 10));
          } else if (typeof space === "string") {
            spacer = space.slice(0, 10);
          }
          if (replacer != null) {
            if (typeof replacer === "function") {
              return stringifyFnReplacer("", { "": value }, [], replacer, spacer, "");
            }
            if (Array.isArray(replacer)) {
              return stringifyArrayReplacer("", value, [], getUniqueReplacerSet(replacer), spacer, "");
            }
          }
          if (spacer.length !== 0) {
            return stringifyIndent("", value, [], spacer, "");
          }
        }
        return stringifySimple("", value, []);
      }
      return stringify3;
    }
  }
});

// node_modules/xstate/dist/xstate-dev.esm.js
function getGlobal() {
  if (typeof globalThis !== "undefined") {
    return globalThis;
  }
  if (typeof self !== "undefined") {
    return self;
  }
  if (typeof window !== "undefined") {
    return window;
  }
  if (typeof global !== "undefined") {
    return global;
  }
}
function getDevTools() {
  const w = getGlobal();
  if (w.__xstate__) {
    return w.__xstate__;
  }
  return void 0;
}
var devToolsAdapter = (service) => {
  if (typeof window === "undefined") {
    return;
  }
  const devTools = getDevTools();
  if (devTools) {
    devTools.register(service);
  }
};

// node_modules/xstate/dist/raise-effbee0c.esm.js
var Mailbox = class {
  constructor(_process) {
    this._process = _process;
    this._active = false;
    this._current = null;
    this._last = null;
  }
  start() {
    this._active = true;
    this.flush();
  }
  clear() {
    if (this._current) {
      this._current.next = null;
      this._last = this._current;
    }
  }
  enqueue(event) {
    const enqueued = {
      value: event,
      next: null
    };
    if (this._current) {
      this._last.next = enqueued;
      this._last = enqueued;
      return;
    }
    this._current = enqueued;
    this._last = enqueued;
    if (this._active) {
      this.flush();
    }
  }
  flush() {
    while (this._current) {
      const consumed = this._current;
      this._process(consumed.value);
      this._current = consumed.next;
    }
    this._last = null;
  }
};
var STATE_DELIMITER = ".";
var TARGETLESS_KEY = "";
var NULL_EVENT = "";
var STATE_IDENTIFIER = "#";
var WILDCARD = "*";
var XSTATE_INIT = "xstate.init";
var XSTATE_ERROR = "xstate.error";
var XSTATE_STOP = "xstate.stop";
function createAfterEvent(delayRef, id) {
  return {
    type: `xstate.after.${delayRef}.${id}`
  };
}
function createDoneStateEvent(id, output) {
  return {
    type: `xstate.done.state.${id}`,
    output
  };
}
function createDoneActorEvent(invokeId, output) {
  return {
    type: `xstate.done.actor.${invokeId}`,
    output,
    actorId: invokeId
  };
}
function createErrorActorEvent(id, error) {
  return {
    type: `xstate.error.actor.${id}`,
    error,
    actorId: id
  };
}
function createInitEvent(input) {
  return {
    type: XSTATE_INIT,
    input
  };
}
function reportUnhandledError(err) {
  setTimeout(() => {
    throw err;
  });
}
var symbolObservable = (() => typeof Symbol === "function" && Symbol.observable || "@@observable")();
function matchesState(parentStateId, childStateId) {
  const parentStateValue = toStateValue(parentStateId);
  const childStateValue = toStateValue(childStateId);
  if (typeof childStateValue === "string") {
    if (typeof parentStateValue === "string") {
      return childStateValue === parentStateValue;
    }
    return false;
  }
  if (typeof parentStateValue === "string") {
    return parentStateValue in childStateValue;
  }
  return Object.keys(parentStateValue).every((key) => {
    if (!(key in childStateValue)) {
      return false;
    }
    return matchesState(parentStateValue[key], childStateValue[key]);
  });
}
function toStatePath(stateId) {
  if (isArray(stateId)) {
    return stateId;
  }
  const result = [];
  let segment = "";
  for (let i = 0; i < stateId.length; i++) {
    const char = stateId.charCodeAt(i);
    switch (char) {
      // \
      case 92:
        segment += stateId[i + 1];
        i++;
        continue;
      // .
      case 46:
        result.push(segment);
        segment = "";
        continue;
    }
    segment += stateId[i];
  }
  result.push(segment);
  return result;
}
function toStateValue(stateValue2) {
  if (isMachineSnapshot(stateValue2)) {
    return stateValue2.value;
  }
  if (typeof stateValue2 !== "string") {
    return stateValue2;
  }
  const statePath2 = toStatePath(stateValue2);
  return pathToStateValue(statePath2);
}
function pathToStateValue(statePath2) {
  if (statePath2.length === 1) {
    return statePath2[0];
  }
  const value = {};
  let marker = value;
  for (let i = 0; i < statePath2.length - 1; i++) {
    if (i === statePath2.length - 2) {
      marker[statePath2[i]] = statePath2[i + 1];
    } else {
      const previous = marker;
      marker = {};
      previous[statePath2[i]] = marker;
    }
  }
  return value;
}
function mapValues(collection, iteratee) {
  const result = {};
  const collectionKeys = Object.keys(collection);
  for (let i = 0; i < collectionKeys.length; i++) {
    const key = collectionKeys[i];
    result[key] = iteratee(collection[key], key, collection, i);
  }
  return result;
}
function toArrayStrict(value) {
  if (isArray(value)) {
    return value;
  }
  return [value];
}
function toArray(value) {
  if (value === void 0) {
    return [];
  }
  return toArrayStrict(value);
}
function resolveOutput(mapper, context, event, self2) {
  if (typeof mapper === "function") {
    return mapper({
      context,
      event,
      self: self2
    });
  }
  return mapper;
}
function isArray(value) {
  return Array.isArray(value);
}
function isErrorActorEvent(event) {
  return event.type.startsWith("xstate.error.actor");
}
function toTransitionConfigArray(configLike) {
  return toArrayStrict(configLike).map((transitionLike) => {
    if (typeof transitionLike === "undefined" || typeof transitionLike === "string") {
      return {
        target: transitionLike
      };
    }
    return transitionLike;
  });
}
function normalizeTarget(target) {
  if (target === void 0 || target === TARGETLESS_KEY) {
    return void 0;
  }
  return toArray(target);
}
function toObserver(nextHandler, errorHandler, completionHandler) {
  const isObserver = typeof nextHandler === "object";
  const self2 = isObserver ? nextHandler : void 0;
  return {
    next: (isObserver ? nextHandler.next : nextHandler)?.bind(self2),
    error: (isObserver ? nextHandler.error : errorHandler)?.bind(self2),
    complete: (isObserver ? nextHandler.complete : completionHandler)?.bind(self2)
  };
}
function createInvokeId(stateNodeId, index) {
  return `${index}.${stateNodeId}`;
}
function resolveReferencedActor(machine, src) {
  const match = src.match(/^xstate\.invoke\.(\d+)\.(.*)/);
  if (!match) {
    return machine.implementations.actors[src];
  }
  const [, indexStr, nodeId] = match;
  const node = machine.getStateNodeById(nodeId);
  const invokeConfig = node.config.invoke;
  return (Array.isArray(invokeConfig) ? invokeConfig[indexStr] : invokeConfig).src;
}
function matchesEventDescriptor(eventType, descriptor) {
  if (descriptor === eventType) {
    return true;
  }
  if (descriptor === WILDCARD) {
    return true;
  }
  if (!descriptor.endsWith(".*")) {
    return false;
  }
  const partialEventTokens = descriptor.split(".");
  const eventTokens = eventType.split(".");
  for (let tokenIndex = 0; tokenIndex < partialEventTokens.length; tokenIndex++) {
    const partialEventToken = partialEventTokens[tokenIndex];
    const eventToken = eventTokens[tokenIndex];
    if (partialEventToken === "*") {
      const isLastToken = tokenIndex === partialEventTokens.length - 1;
      return isLastToken;
    }
    if (partialEventToken !== eventToken) {
      return false;
    }
  }
  return true;
}
function createScheduledEventId(actorRef, id) {
  return `${actorRef.sessionId}.${id}`;
}
var idCounter = 0;
function createSystem(rootActor, options) {
  const children = /* @__PURE__ */ new Map();
  const keyedActors = /* @__PURE__ */ new Map();
  const reverseKeyedActors = /* @__PURE__ */ new WeakMap();
  const inspectionObservers = /* @__PURE__ */ new Set();
  const timerMap = {};
  const {
    clock,
    logger
  } = options;
  const scheduler = {
    schedule: (source, target, event, delay, id = Math.random().toString(36).slice(2)) => {
      const scheduledEvent = {
        source,
        target,
        event,
        delay,
        id,
        startedAt: Date.now()
      };
      const scheduledEventId = createScheduledEventId(source, id);
      system._snapshot._scheduledEvents[scheduledEventId] = scheduledEvent;
      const timeout = clock.setTimeout(() => {
        delete timerMap[scheduledEventId];
        delete system._snapshot._scheduledEvents[scheduledEventId];
        system._relay(source, target, event);
      }, delay);
      timerMap[scheduledEventId] = timeout;
    },
    cancel: (source, id) => {
      const scheduledEventId = createScheduledEventId(source, id);
      const timeout = timerMap[scheduledEventId];
      delete timerMap[scheduledEventId];
      delete system._snapshot._scheduledEvents[scheduledEventId];
      if (timeout !== void 0) {
        clock.clearTimeout(timeout);
      }
    },
    cancelAll: (actorRef) => {
      for (const scheduledEventId in system._snapshot._scheduledEvents) {
        const scheduledEvent = system._snapshot._scheduledEvents[scheduledEventId];
        if (scheduledEvent.source === actorRef) {
          scheduler.cancel(actorRef, scheduledEvent.id);
        }
      }
    }
  };
  const sendInspectionEvent = (event) => {
    if (!inspectionObservers.size) {
      return;
    }
    const resolvedInspectionEvent = {
      ...event,
      rootId: rootActor.sessionId
    };
    inspectionObservers.forEach((observer) => observer.next?.(resolvedInspectionEvent));
  };
  const system = {
    _snapshot: {
      _scheduledEvents: (options?.snapshot && options.snapshot.scheduler) ?? {}
    },
    _bookId: () => `x:${idCounter++}`,
    _register: (sessionId, actorRef) => {
      children.set(sessionId, actorRef);
      return sessionId;
    },
    _unregister: (actorRef) => {
      children.delete(actorRef.sessionId);
      const systemId = reverseKeyedActors.get(actorRef);
      if (systemId !== void 0) {
        keyedActors.delete(systemId);
        reverseKeyedActors.delete(actorRef);
      }
    },
    get: (systemId) => {
      return keyedActors.get(systemId);
    },
    getAll: () => {
      return Object.fromEntries(keyedActors.entries());
    },
    _set: (systemId, actorRef) => {
      const existing = keyedActors.get(systemId);
      if (existing && existing !== actorRef) {
        throw new Error(`Actor with system ID '${systemId}' already exists.`);
      }
      keyedActors.set(systemId, actorRef);
      reverseKeyedActors.set(actorRef, systemId);
    },
    inspect: (observerOrFn) => {
      const observer = toObserver(observerOrFn);
      inspectionObservers.add(observer);
      return {
        unsubscribe() {
          inspectionObservers.delete(observer);
        }
      };
    },
    _sendInspectionEvent: sendInspectionEvent,
    _relay: (source, target, event) => {
      system._sendInspectionEvent({
        type: "@xstate.event",
        sourceRef: source,
        actorRef: target,
        event
      });
      target._send(event);
    },
    scheduler,
    getSnapshot: () => {
      return {
        _scheduledEvents: {
          ...system._snapshot._scheduledEvents
        }
      };
    },
    start: () => {
      const scheduledEvents = system._snapshot._scheduledEvents;
      system._snapshot._scheduledEvents = {};
      for (const scheduledId in scheduledEvents) {
        const {
          source,
          target,
          event,
          delay,
          id
        } = scheduledEvents[scheduledId];
        scheduler.schedule(source, target, event, delay, id);
      }
    },
    _clock: clock,
    _logger: logger
  };
  return system;
}
var executingCustomAction = false;
var $$ACTOR_TYPE = 1;
var ProcessingStatus = /* @__PURE__ */ (function(ProcessingStatus2) {
  ProcessingStatus2[ProcessingStatus2["NotStarted"] = 0] = "NotStarted";
  ProcessingStatus2[ProcessingStatus2["Running"] = 1] = "Running";
  ProcessingStatus2[ProcessingStatus2["Stopped"] = 2] = "Stopped";
  return ProcessingStatus2;
})({});
var defaultOptions = {
  clock: {
    setTimeout: (fn, ms) => {
      return setTimeout(fn, ms);
    },
    clearTimeout: (id) => {
      return clearTimeout(id);
    }
  },
  logger: console.log.bind(console),
  devTools: false
};
var Actor = class {
  /**
   * Creates a new actor instance for the given logic with the provided options,
   * if any.
   *
   * @param logic The logic to create an actor from
   * @param options Actor options
   */
  constructor(logic, options) {
    this.logic = logic;
    this._snapshot = void 0;
    this.clock = void 0;
    this.options = void 0;
    this.id = void 0;
    this.mailbox = new Mailbox(this._process.bind(this));
    this.observers = /* @__PURE__ */ new Set();
    this.eventListeners = /* @__PURE__ */ new Map();
    this.logger = void 0;
    this._processingStatus = ProcessingStatus.NotStarted;
    this._parent = void 0;
    this._syncSnapshot = void 0;
    this.ref = void 0;
    this._actorScope = void 0;
    this.systemId = void 0;
    this.sessionId = void 0;
    this.system = void 0;
    this._doneEvent = void 0;
    this.src = void 0;
    this._deferred = [];
    const resolvedOptions = {
      ...defaultOptions,
      ...options
    };
    const {
      clock,
      logger,
      parent,
      syncSnapshot,
      id,
      systemId,
      inspect
    } = resolvedOptions;
    this.system = parent ? parent.system : createSystem(this, {
      clock,
      logger
    });
    if (inspect && !parent) {
      this.system.inspect(toObserver(inspect));
    }
    this.sessionId = this.system._bookId();
    this.id = id ?? this.sessionId;
    this.logger = options?.logger ?? this.system._logger;
    this.clock = options?.clock ?? this.system._clock;
    this._parent = parent;
    this._syncSnapshot = syncSnapshot;
    this.options = resolvedOptions;
    this.src = resolvedOptions.src ?? logic;
    this.ref = this;
    this._actorScope = {
      self: this,
      id: this.id,
      sessionId: this.sessionId,
      logger: this.logger,
      defer: (fn) => {
        this._deferred.push(fn);
      },
      system: this.system,
      stopChild: (child) => {
        if (child._parent !== this) {
          throw new Error(`Cannot stop child actor ${child.id} of ${this.id} because it is not a child`);
        }
        child._stop();
      },
      emit: (emittedEvent) => {
        const listeners = this.eventListeners.get(emittedEvent.type);
        const wildcardListener = this.eventListeners.get("*");
        if (!listeners && !wildcardListener) {
          return;
        }
        const allListeners = [...listeners ? listeners.values() : [], ...wildcardListener ? wildcardListener.values() : []];
        for (const handler of allListeners) {
          try {
            handler(emittedEvent);
          } catch (err) {
            reportUnhandledError(err);
          }
        }
      },
      actionExecutor: (action) => {
        const exec = () => {
          this._actorScope.system._sendInspectionEvent({
            type: "@xstate.action",
            actorRef: this,
            action: {
              type: action.type,
              params: action.params
            }
          });
          if (!action.exec) {
            return;
          }
          const saveExecutingCustomAction = executingCustomAction;
          try {
            executingCustomAction = true;
            action.exec(action.info, action.params);
          } finally {
            executingCustomAction = saveExecutingCustomAction;
          }
        };
        if (this._processingStatus === ProcessingStatus.Running) {
          exec();
        } else {
          this._deferred.push(exec);
        }
      }
    };
    this.send = this.send.bind(this);
    this.system._sendInspectionEvent({
      type: "@xstate.actor",
      actorRef: this
    });
    if (systemId) {
      this.systemId = systemId;
      this.system._set(systemId, this);
    }
    this._initState(options?.snapshot ?? options?.state);
    if (systemId && this._snapshot.status !== "active") {
      this.system._unregister(this);
    }
  }
  _initState(persistedState) {
    try {
      this._snapshot = persistedState ? this.logic.restoreSnapshot ? this.logic.restoreSnapshot(persistedState, this._actorScope) : persistedState : this.logic.getInitialSnapshot(this._actorScope, this.options?.input);
    } catch (err) {
      this._snapshot = {
        status: "error",
        output: void 0,
        error: err
      };
    }
  }
  update(snapshot, event) {
    this._snapshot = snapshot;
    let deferredFn;
    while (deferredFn = this._deferred.shift()) {
      try {
        deferredFn();
      } catch (err) {
        this._deferred.length = 0;
        this._snapshot = {
          ...snapshot,
          status: "error",
          error: err
        };
      }
    }
    switch (this._snapshot.status) {
      case "active":
        for (const observer of this.observers) {
          try {
            observer.next?.(snapshot);
          } catch (err) {
            reportUnhandledError(err);
          }
        }
        break;
      case "done":
        for (const observer of this.observers) {
          try {
            observer.next?.(snapshot);
          } catch (err) {
            reportUnhandledError(err);
          }
        }
        this._stopProcedure();
        this._complete();
        this._doneEvent = createDoneActorEvent(this.id, this._snapshot.output);
        if (this._parent) {
          this.system._relay(this, this._parent, this._doneEvent);
        }
        break;
      case "error":
        this._error(this._snapshot.error);
        break;
    }
    this.system._sendInspectionEvent({
      type: "@xstate.snapshot",
      actorRef: this,
      event,
      snapshot
    });
  }
  /**
   * Subscribe an observer to an actor’s snapshot values.
   *
   * @remarks
   * The observer will receive the actor’s snapshot value when it is emitted.
   * The observer can be:
   *
   * - A plain function that receives the latest snapshot, or
   * - An observer object whose `.next(snapshot)` method receives the latest
   *   snapshot
   *
   * @example
   *
   * ```ts
   * // Observer as a plain function
   * const subscription = actor.subscribe((snapshot) => {
   *   console.log(snapshot);
   * });
   * ```
   *
   * @example
   *
   * ```ts
   * // Observer as an object
   * const subscription = actor.subscribe({
   *   next(snapshot) {
   *     console.log(snapshot);
   *   },
   *   error(err) {
   *     // ...
   *   },
   *   complete() {
   *     // ...
   *   }
   * });
   * ```
   *
   * The return value of `actor.subscribe(observer)` is a subscription object
   * that has an `.unsubscribe()` method. You can call
   * `subscription.unsubscribe()` to unsubscribe the observer:
   *
   * @example
   *
   * ```ts
   * const subscription = actor.subscribe((snapshot) => {
   *   // ...
   * });
   *
   * // Unsubscribe the observer
   * subscription.unsubscribe();
   * ```
   *
   * When the actor is stopped, all of its observers will automatically be
   * unsubscribed.
   *
   * @param observer - Either a plain function that receives the latest
   *   snapshot, or an observer object whose `.next(snapshot)` method receives
   *   the latest snapshot
   */
  subscribe(nextListenerOrObserver, errorListener, completeListener) {
    const observer = toObserver(nextListenerOrObserver, errorListener, completeListener);
    if (this._processingStatus !== ProcessingStatus.Stopped) {
      this.observers.add(observer);
    } else {
      switch (this._snapshot.status) {
        case "done":
          try {
            observer.complete?.();
          } catch (err) {
            reportUnhandledError(err);
          }
          break;
        case "error": {
          const err = this._snapshot.error;
          if (!observer.error) {
            reportUnhandledError(err);
          } else {
            try {
              observer.error(err);
            } catch (err2) {
              reportUnhandledError(err2);
            }
          }
          break;
        }
      }
    }
    return {
      unsubscribe: () => {
        this.observers.delete(observer);
      }
    };
  }
  on(type, handler) {
    let listeners = this.eventListeners.get(type);
    if (!listeners) {
      listeners = /* @__PURE__ */ new Set();
      this.eventListeners.set(type, listeners);
    }
    const wrappedHandler = handler.bind(void 0);
    listeners.add(wrappedHandler);
    return {
      unsubscribe: () => {
        listeners.delete(wrappedHandler);
      }
    };
  }
  select(selector, equalityFn = Object.is) {
    return {
      subscribe: (observerOrFn) => {
        const observer = toObserver(observerOrFn);
        const snapshot = this.getSnapshot();
        let previousSelected = selector(snapshot);
        return this.subscribe((snapshot2) => {
          const nextSelected = selector(snapshot2);
          if (!equalityFn(previousSelected, nextSelected)) {
            previousSelected = nextSelected;
            observer.next?.(nextSelected);
          }
        });
      },
      get: () => selector(this.getSnapshot())
    };
  }
  /** Starts the Actor from the initial state */
  start() {
    if (this._processingStatus === ProcessingStatus.Running) {
      return this;
    }
    if (this._syncSnapshot) {
      this.subscribe({
        next: (snapshot) => {
          if (snapshot.status === "active") {
            this.system._relay(this, this._parent, {
              type: `xstate.snapshot.${this.id}`,
              snapshot
            });
          }
        },
        error: () => {
        }
      });
    }
    this.system._register(this.sessionId, this);
    if (this.systemId) {
      this.system._set(this.systemId, this);
    }
    this._processingStatus = ProcessingStatus.Running;
    const initEvent = createInitEvent(this.options.input);
    this.system._sendInspectionEvent({
      type: "@xstate.event",
      sourceRef: this._parent,
      actorRef: this,
      event: initEvent
    });
    const status = this._snapshot.status;
    switch (status) {
      case "done":
        this.update(this._snapshot, initEvent);
        return this;
      case "error":
        this._error(this._snapshot.error);
        return this;
    }
    if (!this._parent) {
      this.system.start();
    }
    if (this.logic.start) {
      try {
        this.logic.start(this._snapshot, this._actorScope);
      } catch (err) {
        this._snapshot = {
          ...this._snapshot,
          status: "error",
          error: err
        };
        this._error(err);
        return this;
      }
    }
    this.update(this._snapshot, initEvent);
    if (this.options.devTools) {
      this.attachDevTools();
    }
    this.mailbox.start();
    return this;
  }
  _process(event) {
    let nextState;
    let caughtError;
    try {
      nextState = this.logic.transition(this._snapshot, event, this._actorScope);
    } catch (err) {
      caughtError = {
        err
      };
    }
    if (caughtError) {
      const {
        err
      } = caughtError;
      this._snapshot = {
        ...this._snapshot,
        status: "error",
        error: err
      };
      this._error(err);
      return;
    }
    this.update(nextState, event);
    if (event.type === XSTATE_STOP) {
      this._stopProcedure();
      this._complete();
    }
  }
  _stop() {
    if (this._processingStatus === ProcessingStatus.Stopped) {
      return this;
    }
    this.mailbox.clear();
    if (this._processingStatus === ProcessingStatus.NotStarted) {
      this._processingStatus = ProcessingStatus.Stopped;
      return this;
    }
    this.mailbox.enqueue({
      type: XSTATE_STOP
    });
    return this;
  }
  /** Stops the Actor and unsubscribe all listeners. */
  stop() {
    if (this._parent) {
      throw new Error("A non-root actor cannot be stopped directly.");
    }
    return this._stop();
  }
  _complete() {
    for (const observer of this.observers) {
      try {
        observer.complete?.();
      } catch (err) {
        reportUnhandledError(err);
      }
    }
    this.observers.clear();
    this.eventListeners.clear();
  }
  _reportError(err) {
    if (!this.observers.size) {
      if (!this._parent) {
        reportUnhandledError(err);
      }
      this.eventListeners.clear();
      return;
    }
    let reportError = false;
    for (const observer of this.observers) {
      const errorListener = observer.error;
      reportError ||= !errorListener;
      try {
        errorListener?.(err);
      } catch (err2) {
        reportUnhandledError(err2);
      }
    }
    this.observers.clear();
    this.eventListeners.clear();
    if (reportError) {
      reportUnhandledError(err);
    }
  }
  _error(err) {
    this._stopProcedure();
    this._reportError(err);
    if (this._parent) {
      this.system._relay(this, this._parent, createErrorActorEvent(this.id, err));
    }
  }
  // TODO: atm children don't belong entirely to the actor so
  // in a way - it's not even super aware of them
  // so we can't stop them from here but we really should!
  // right now, they are being stopped within the machine's transition
  // but that could throw and leave us with "orphaned" active actors
  _stopProcedure() {
    if (this._processingStatus !== ProcessingStatus.Running) {
      return this;
    }
    this.system.scheduler.cancelAll(this);
    this.mailbox.clear();
    this.mailbox = new Mailbox(this._process.bind(this));
    this._processingStatus = ProcessingStatus.Stopped;
    this.system._unregister(this);
    return this;
  }
  /** @internal */
  _send(event) {
    if (this._processingStatus === ProcessingStatus.Stopped) {
      return;
    }
    this.mailbox.enqueue(event);
  }
  /**
   * Sends an event to the running Actor to trigger a transition.
   *
   * @param event The event to send
   */
  send(event) {
    this.system._relay(void 0, this, event);
  }
  attachDevTools() {
    const {
      devTools
    } = this.options;
    if (devTools) {
      const resolvedDevToolsAdapter = typeof devTools === "function" ? devTools : devToolsAdapter;
      resolvedDevToolsAdapter(this);
    }
  }
  toJSON() {
    return {
      xstate$$type: $$ACTOR_TYPE,
      id: this.id
    };
  }
  /**
   * Obtain the internal state of the actor, which can be persisted.
   *
   * @remarks
   * The internal state can be persisted from any actor, not only machines.
   *
   * Note that the persisted state is not the same as the snapshot from
   * {@link Actor.getSnapshot}. Persisted state represents the internal state of
   * the actor, while snapshots represent the actor's last emitted value.
   *
   * Can be restored with {@link ActorOptions.state}
   * @see https://stately.ai/docs/persistence
   */
  getPersistedSnapshot(options) {
    return this.logic.getPersistedSnapshot(this._snapshot, options);
  }
  [symbolObservable]() {
    return this;
  }
  /**
   * Read an actor’s snapshot synchronously.
   *
   * @remarks
   * The snapshot represent an actor's last emitted value.
   *
   * When an actor receives an event, its internal state may change. An actor
   * may emit a snapshot when a state transition occurs.
   *
   * Note that some actors, such as callback actors generated with
   * `fromCallback`, will not emit snapshots.
   * @see {@link Actor.subscribe} to subscribe to an actor’s snapshot values.
   * @see {@link Actor.getPersistedSnapshot} to persist the internal state of an actor (which is more than just a snapshot).
   */
  getSnapshot() {
    return this._snapshot;
  }
};
function createActor(logic, ...[options]) {
  return new Actor(logic, options);
}
function resolveCancel(_, snapshot, actionArgs, actionParams, {
  sendId
}) {
  const resolvedSendId = typeof sendId === "function" ? sendId(actionArgs, actionParams) : sendId;
  return [snapshot, {
    sendId: resolvedSendId
  }, void 0];
}
function executeCancel(actorScope, params) {
  actorScope.defer(() => {
    actorScope.system.scheduler.cancel(actorScope.self, params.sendId);
  });
}
function cancel(sendId) {
  function cancel2(_args, _params) {
  }
  cancel2.type = "xstate.cancel";
  cancel2.sendId = sendId;
  cancel2.resolve = resolveCancel;
  cancel2.execute = executeCancel;
  return cancel2;
}
function resolveSpawn(actorScope, snapshot, actionArgs, _actionParams, {
  id,
  systemId,
  src,
  input,
  syncSnapshot
}) {
  const logic = typeof src === "string" ? resolveReferencedActor(snapshot.machine, src) : src;
  const resolvedId = typeof id === "function" ? id(actionArgs) : id;
  let actorRef;
  let resolvedInput = void 0;
  if (logic) {
    resolvedInput = typeof input === "function" ? input({
      context: snapshot.context,
      event: actionArgs.event,
      self: actorScope.self
    }) : input;
    actorRef = createActor(logic, {
      id: resolvedId,
      src,
      parent: actorScope.self,
      syncSnapshot,
      systemId,
      input: resolvedInput
    });
  }
  return [cloneMachineSnapshot(snapshot, {
    children: {
      ...snapshot.children,
      [resolvedId]: actorRef
    }
  }), {
    id,
    systemId,
    actorRef,
    src,
    input: resolvedInput
  }, void 0];
}
function executeSpawn(actorScope, {
  actorRef
}) {
  if (!actorRef) {
    return;
  }
  actorScope.defer(() => {
    if (actorRef._processingStatus === ProcessingStatus.Stopped) {
      return;
    }
    actorRef.start();
  });
}
function spawnChild(...[src, {
  id,
  systemId,
  input,
  syncSnapshot = false
} = {}]) {
  function spawnChild2(_args, _params) {
  }
  spawnChild2.type = "xstate.spawnChild";
  spawnChild2.id = id;
  spawnChild2.systemId = systemId;
  spawnChild2.src = src;
  spawnChild2.input = input;
  spawnChild2.syncSnapshot = syncSnapshot;
  spawnChild2.resolve = resolveSpawn;
  spawnChild2.execute = executeSpawn;
  return spawnChild2;
}
function resolveStop(_, snapshot, args, actionParams, {
  actorRef
}) {
  const actorRefOrString = typeof actorRef === "function" ? actorRef(args, actionParams) : actorRef;
  const resolvedActorRef = typeof actorRefOrString === "string" ? snapshot.children[actorRefOrString] : actorRefOrString;
  let children = snapshot.children;
  if (resolvedActorRef) {
    children = {
      ...children
    };
    delete children[resolvedActorRef.id];
  }
  return [cloneMachineSnapshot(snapshot, {
    children
  }), resolvedActorRef, void 0];
}
function unregisterRecursively(actorScope, actorRef) {
  const snapshot = actorRef.getSnapshot();
  if (snapshot && "children" in snapshot) {
    for (const child of Object.values(snapshot.children)) {
      unregisterRecursively(actorScope, child);
    }
  }
  actorScope.system._unregister(actorRef);
}
function executeStop(actorScope, actorRef) {
  if (!actorRef) {
    return;
  }
  unregisterRecursively(actorScope, actorRef);
  if (actorRef._processingStatus !== ProcessingStatus.Running) {
    actorScope.stopChild(actorRef);
    return;
  }
  actorScope.defer(() => {
    actorScope.stopChild(actorRef);
  });
}
function stopChild(actorRef) {
  function stop2(_args, _params) {
  }
  stop2.type = "xstate.stopChild";
  stop2.actorRef = actorRef;
  stop2.resolve = resolveStop;
  stop2.execute = executeStop;
  return stop2;
}
function checkAnd(snapshot, {
  context,
  event
}, {
  guards
}) {
  return guards.every((guard) => evaluateGuard(guard, context, event, snapshot));
}
function and(guards) {
  function and2(_args, _params) {
    return false;
  }
  and2.check = checkAnd;
  and2.guards = guards;
  return and2;
}
function evaluateGuard(guard, context, event, snapshot) {
  const {
    machine
  } = snapshot;
  const isInline = typeof guard === "function";
  const resolved = isInline ? guard : machine.implementations.guards[typeof guard === "string" ? guard : guard.type];
  if (!isInline && !resolved) {
    throw new Error(`Guard '${typeof guard === "string" ? guard : guard.type}' is not implemented.'.`);
  }
  if (typeof resolved !== "function") {
    return evaluateGuard(resolved, context, event, snapshot);
  }
  const guardArgs = {
    context,
    event
  };
  const guardParams = isInline || typeof guard === "string" ? void 0 : "params" in guard ? typeof guard.params === "function" ? guard.params({
    context,
    event
  }) : guard.params : void 0;
  if (!("check" in resolved)) {
    return resolved(guardArgs, guardParams);
  }
  const builtinGuard = resolved;
  return builtinGuard.check(
    snapshot,
    guardArgs,
    resolved
    // this holds all params
  );
}
function isAtomicStateNode(stateNode) {
  return stateNode.type === "atomic" || stateNode.type === "final";
}
function getChildren(stateNode) {
  return Object.values(stateNode.states).filter((sn) => sn.type !== "history");
}
function getProperAncestors(stateNode, toStateNode) {
  const ancestors = [];
  if (toStateNode === stateNode) {
    return ancestors;
  }
  let m = stateNode.parent;
  while (m && m !== toStateNode) {
    ancestors.push(m);
    m = m.parent;
  }
  return ancestors;
}
function getAllStateNodes(stateNodes) {
  const nodeSet = new Set(stateNodes);
  const adjList = getAdjList(nodeSet);
  for (const s of nodeSet) {
    if (s.type === "compound" && (!adjList.get(s) || !adjList.get(s).length)) {
      getInitialStateNodesWithTheirAncestors(s).forEach((sn) => nodeSet.add(sn));
    } else {
      if (s.type === "parallel") {
        for (const child of getChildren(s)) {
          if (child.type === "history") {
            continue;
          }
          if (!nodeSet.has(child)) {
            const initialStates = getInitialStateNodesWithTheirAncestors(child);
            for (const initialStateNode of initialStates) {
              nodeSet.add(initialStateNode);
            }
          }
        }
      }
    }
  }
  for (const s of nodeSet) {
    let m = s.parent;
    while (m) {
      nodeSet.add(m);
      m = m.parent;
    }
  }
  return nodeSet;
}
function getValueFromAdj(baseNode, adjList) {
  const childStateNodes = adjList.get(baseNode);
  if (!childStateNodes) {
    return {};
  }
  if (baseNode.type === "compound") {
    const childStateNode = childStateNodes[0];
    if (childStateNode) {
      if (isAtomicStateNode(childStateNode)) {
        return childStateNode.key;
      }
    } else {
      return {};
    }
  }
  const stateValue2 = {};
  for (const childStateNode of childStateNodes) {
    stateValue2[childStateNode.key] = getValueFromAdj(childStateNode, adjList);
  }
  return stateValue2;
}
function getAdjList(stateNodes) {
  const adjList = /* @__PURE__ */ new Map();
  for (const s of stateNodes) {
    if (!adjList.has(s)) {
      adjList.set(s, []);
    }
    if (s.parent) {
      if (!adjList.has(s.parent)) {
        adjList.set(s.parent, []);
      }
      adjList.get(s.parent).push(s);
    }
  }
  return adjList;
}
function getStateValue(rootNode, stateNodes) {
  const config = getAllStateNodes(stateNodes);
  return getValueFromAdj(rootNode, getAdjList(config));
}
function isInFinalState(stateNodeSet, stateNode) {
  if (stateNode.type === "compound") {
    return getChildren(stateNode).some((s) => s.type === "final" && stateNodeSet.has(s));
  }
  if (stateNode.type === "parallel") {
    return getChildren(stateNode).every((sn) => isInFinalState(stateNodeSet, sn));
  }
  return stateNode.type === "final";
}
var isStateId = (str) => str[0] === STATE_IDENTIFIER;
function getCandidates(stateNode, receivedEventType) {
  const exactMatch = stateNode.transitions.get(receivedEventType);
  const wildcardCandidates = [...stateNode.transitions.keys()].filter((eventDescriptor) => eventDescriptor !== receivedEventType && matchesEventDescriptor(receivedEventType, eventDescriptor)).sort((a, b) => b.length - a.length).flatMap((key) => stateNode.transitions.get(key));
  return exactMatch ? [...exactMatch, ...wildcardCandidates] : wildcardCandidates;
}
function getDelayedTransitions(stateNode) {
  const afterConfig = stateNode.config.after;
  if (!afterConfig) {
    return [];
  }
  const mutateEntryExit = (delay) => {
    const afterEvent = createAfterEvent(delay, stateNode.id);
    const eventType = afterEvent.type;
    stateNode.entry.push(raise(afterEvent, {
      id: eventType,
      delay
    }));
    stateNode.exit.push(cancel(eventType));
    return eventType;
  };
  const delayedTransitions = Object.keys(afterConfig).flatMap((delay) => {
    const configTransition = afterConfig[delay];
    const resolvedTransition = typeof configTransition === "string" ? {
      target: configTransition
    } : configTransition;
    const resolvedDelay = Number.isNaN(+delay) ? delay : +delay;
    const eventType = mutateEntryExit(resolvedDelay);
    return toArray(resolvedTransition).map((transition) => ({
      ...transition,
      event: eventType,
      delay: resolvedDelay
    }));
  });
  return delayedTransitions.map((delayedTransition) => {
    const {
      delay
    } = delayedTransition;
    return {
      ...formatTransition(stateNode, delayedTransition.event, delayedTransition),
      delay
    };
  });
}
function formatTransition(stateNode, descriptor, transitionConfig) {
  const normalizedTarget = normalizeTarget(transitionConfig.target);
  const reenter = transitionConfig.reenter ?? false;
  const target = resolveTarget(stateNode, normalizedTarget);
  const transition = {
    ...transitionConfig,
    actions: toArray(transitionConfig.actions),
    guard: transitionConfig.guard,
    target,
    source: stateNode,
    reenter,
    eventType: descriptor,
    toJSON: () => ({
      ...transition,
      source: `#${stateNode.id}`,
      target: target ? target.map((t) => `#${t.id}`) : void 0
    })
  };
  return transition;
}
function formatTransitions(stateNode) {
  const transitions = /* @__PURE__ */ new Map();
  if (stateNode.config.on) {
    for (const descriptor of Object.keys(stateNode.config.on)) {
      if (descriptor === NULL_EVENT) {
        throw new Error('Null events ("") cannot be specified as a transition key. Use `always: { ... }` instead.');
      }
      const transitionsConfig = stateNode.config.on[descriptor];
      transitions.set(descriptor, toTransitionConfigArray(transitionsConfig).map((t) => formatTransition(stateNode, descriptor, t)));
    }
  }
  if (stateNode.config.onDone) {
    const descriptor = `xstate.done.state.${stateNode.id}`;
    transitions.set(descriptor, toTransitionConfigArray(stateNode.config.onDone).map((t) => formatTransition(stateNode, descriptor, t)));
  }
  for (const invokeDef of stateNode.invoke) {
    if (invokeDef.onDone) {
      const descriptor = `xstate.done.actor.${invokeDef.id}`;
      transitions.set(descriptor, toTransitionConfigArray(invokeDef.onDone).map((t) => formatTransition(stateNode, descriptor, t)));
    }
    if (invokeDef.onError) {
      const descriptor = `xstate.error.actor.${invokeDef.id}`;
      transitions.set(descriptor, toTransitionConfigArray(invokeDef.onError).map((t) => formatTransition(stateNode, descriptor, t)));
    }
    if (invokeDef.onSnapshot) {
      const descriptor = `xstate.snapshot.${invokeDef.id}`;
      transitions.set(descriptor, toTransitionConfigArray(invokeDef.onSnapshot).map((t) => formatTransition(stateNode, descriptor, t)));
    }
  }
  for (const delayedTransition of stateNode.after) {
    let existing = transitions.get(delayedTransition.eventType);
    if (!existing) {
      existing = [];
      transitions.set(delayedTransition.eventType, existing);
    }
    existing.push(delayedTransition);
  }
  return transitions;
}
function formatRouteTransitions(rootStateNode) {
  const routeTransitions = [];
  const collectRoutes = (states) => {
    Object.values(states).forEach((sn) => {
      if (sn.config.route && sn.config.id) {
        const routeId = sn.config.id;
        const userGuard = sn.config.route.guard;
        const routeMatches = ({
          event
        }) => event.to === `#${routeId}`;
        const transition = {
          ...sn.config.route,
          guard: userGuard ? and([routeMatches, userGuard]) : routeMatches,
          target: `#${routeId}`
        };
        routeTransitions.push(formatTransition(rootStateNode, "xstate.route", transition));
      }
      if (sn.states) {
        collectRoutes(sn.states);
      }
    });
  };
  collectRoutes(rootStateNode.states);
  if (routeTransitions.length > 0) {
    rootStateNode.transitions.set("xstate.route", routeTransitions);
  }
}
function formatInitialTransition(stateNode, _target) {
  const resolvedTarget = typeof _target === "string" ? stateNode.states[_target] : _target ? stateNode.states[_target.target] : void 0;
  if (!resolvedTarget && _target) {
    throw new Error(
      // oxlint-disable-next-line typescript/restrict-template-expressions, typescript/no-base-to-string
      `Initial state node "${_target}" not found on parent state node #${stateNode.id}`
    );
  }
  const transition = {
    source: stateNode,
    actions: !_target || typeof _target === "string" ? [] : toArray(_target.actions),
    eventType: null,
    reenter: false,
    target: resolvedTarget ? [resolvedTarget] : [],
    meta: typeof _target === "object" ? _target.meta : void 0,
    description: typeof _target === "object" ? _target.description : void 0,
    toJSON: () => ({
      ...transition,
      source: `#${stateNode.id}`,
      target: resolvedTarget ? [`#${resolvedTarget.id}`] : []
    })
  };
  return transition;
}
function resolveTarget(stateNode, targets) {
  if (targets === void 0) {
    return void 0;
  }
  return targets.map((target) => {
    if (typeof target !== "string") {
      return target;
    }
    if (isStateId(target)) {
      return stateNode.machine.getStateNodeById(target);
    }
    const isInternalTarget = target[0] === STATE_DELIMITER;
    if (isInternalTarget && !stateNode.parent) {
      return getStateNodeByPath(stateNode, target.slice(1));
    }
    const resolvedTarget = isInternalTarget ? stateNode.key + target : target;
    if (stateNode.parent) {
      try {
        const targetStateNode = getStateNodeByPath(stateNode.parent, resolvedTarget);
        return targetStateNode;
      } catch (err) {
        throw new Error(`Invalid transition definition for state node '${stateNode.id}':
${err.message}`);
      }
    } else {
      throw new Error(`Invalid target: "${target}" is not a valid target from the root node. Did you mean ".${target}"?`);
    }
  });
}
function resolveHistoryDefaultTransition(stateNode) {
  const normalizedTarget = normalizeTarget(stateNode.config.target);
  if (!normalizedTarget) {
    if (stateNode.parent.type === "parallel") {
      return {
        target: [stateNode.parent]
      };
    }
    return stateNode.parent.initial;
  }
  return {
    target: normalizedTarget.map((t) => typeof t === "string" ? getStateNodeByPath(stateNode.parent, t) : t)
  };
}
function isHistoryNode(stateNode) {
  return stateNode.type === "history";
}
function getInitialStateNodesWithTheirAncestors(stateNode) {
  const states = getInitialStateNodes(stateNode);
  for (const initialState of states) {
    for (const ancestor of getProperAncestors(initialState, stateNode)) {
      states.add(ancestor);
    }
  }
  return states;
}
function getInitialStateNodes(stateNode) {
  const set = /* @__PURE__ */ new Set();
  function iter(descStateNode) {
    if (set.has(descStateNode)) {
      return;
    }
    set.add(descStateNode);
    if (descStateNode.type === "compound") {
      iter(descStateNode.initial.target[0]);
    } else if (descStateNode.type === "parallel") {
      for (const child of getChildren(descStateNode)) {
        iter(child);
      }
    }
  }
  iter(stateNode);
  return set;
}
function getStateNode(stateNode, stateKey) {
  if (isStateId(stateKey)) {
    return stateNode.machine.getStateNodeById(stateKey);
  }
  if (!stateNode.states) {
    throw new Error(`Unable to retrieve child state '${stateKey}' from '${stateNode.id}'; no child states exist.`);
  }
  const result = stateNode.states[stateKey];
  if (!result) {
    throw new Error(`Child state '${stateKey}' does not exist on '${stateNode.id}'`);
  }
  return result;
}
function getStateNodeByPath(stateNode, statePath2) {
  if (typeof statePath2 === "string" && isStateId(statePath2)) {
    try {
      return stateNode.machine.getStateNodeById(statePath2);
    } catch {
    }
  }
  const arrayStatePath = toStatePath(statePath2).slice();
  let currentStateNode = stateNode;
  while (arrayStatePath.length) {
    const key = arrayStatePath.shift();
    if (!key.length) {
      break;
    }
    currentStateNode = getStateNode(currentStateNode, key);
  }
  return currentStateNode;
}
function getStateNodes(stateNode, stateValue2) {
  if (typeof stateValue2 === "string") {
    const childStateNode = stateNode.states[stateValue2];
    if (!childStateNode) {
      throw new Error(`State '${stateValue2}' does not exist on '${stateNode.id}'`);
    }
    return [stateNode, childStateNode];
  }
  const childStateKeys = Object.keys(stateValue2);
  const childStateNodes = childStateKeys.map((subStateKey) => getStateNode(stateNode, subStateKey)).filter(Boolean);
  return [stateNode.machine.root, stateNode].concat(childStateNodes, childStateKeys.reduce((allSubStateNodes, subStateKey) => {
    const subStateNode = getStateNode(stateNode, subStateKey);
    if (!subStateNode) {
      return allSubStateNodes;
    }
    const subStateNodes = getStateNodes(subStateNode, stateValue2[subStateKey]);
    return allSubStateNodes.concat(subStateNodes);
  }, []));
}
function transitionAtomicNode(stateNode, stateValue2, snapshot, event) {
  const childStateNode = getStateNode(stateNode, stateValue2);
  const next = childStateNode.next(snapshot, event);
  if (!next || !next.length) {
    return stateNode.next(snapshot, event);
  }
  return next;
}
function transitionCompoundNode(stateNode, stateValue2, snapshot, event) {
  const subStateKeys = Object.keys(stateValue2);
  const childStateNode = getStateNode(stateNode, subStateKeys[0]);
  const next = transitionNode(childStateNode, stateValue2[subStateKeys[0]], snapshot, event);
  if (!next || !next.length) {
    return stateNode.next(snapshot, event);
  }
  return next;
}
function transitionParallelNode(stateNode, stateValue2, snapshot, event) {
  const allInnerTransitions = [];
  for (const subStateKey of Object.keys(stateValue2)) {
    const subStateValue = stateValue2[subStateKey];
    if (!subStateValue) {
      continue;
    }
    const subStateNode = getStateNode(stateNode, subStateKey);
    const innerTransitions = transitionNode(subStateNode, subStateValue, snapshot, event);
    if (innerTransitions) {
      allInnerTransitions.push(...innerTransitions);
    }
  }
  if (!allInnerTransitions.length) {
    return stateNode.next(snapshot, event);
  }
  return allInnerTransitions;
}
function transitionNode(stateNode, stateValue2, snapshot, event) {
  if (typeof stateValue2 === "string") {
    return transitionAtomicNode(stateNode, stateValue2, snapshot, event);
  }
  if (Object.keys(stateValue2).length === 1) {
    return transitionCompoundNode(stateNode, stateValue2, snapshot, event);
  }
  return transitionParallelNode(stateNode, stateValue2, snapshot, event);
}
function getHistoryNodes(stateNode) {
  return Object.keys(stateNode.states).map((key) => stateNode.states[key]).filter((sn) => sn.type === "history");
}
function isDescendant(childStateNode, parentStateNode) {
  let marker = childStateNode;
  while (marker.parent && marker.parent !== parentStateNode) {
    marker = marker.parent;
  }
  return marker.parent === parentStateNode;
}
function hasIntersection(s1, s2) {
  const set1 = new Set(s1);
  const set2 = new Set(s2);
  for (const item of set1) {
    if (set2.has(item)) {
      return true;
    }
  }
  for (const item of set2) {
    if (set1.has(item)) {
      return true;
    }
  }
  return false;
}
function removeConflictingTransitions(enabledTransitions, stateNodeSet, historyValue) {
  const filteredTransitions = /* @__PURE__ */ new Set();
  for (const t1 of enabledTransitions) {
    let t1Preempted = false;
    const transitionsToRemove = /* @__PURE__ */ new Set();
    for (const t2 of filteredTransitions) {
      if (hasIntersection(computeExitSet([t1], stateNodeSet, historyValue), computeExitSet([t2], stateNodeSet, historyValue))) {
        if (isDescendant(t1.source, t2.source)) {
          transitionsToRemove.add(t2);
        } else {
          t1Preempted = true;
          break;
        }
      }
    }
    if (!t1Preempted) {
      for (const t3 of transitionsToRemove) {
        filteredTransitions.delete(t3);
      }
      filteredTransitions.add(t1);
    }
  }
  return Array.from(filteredTransitions);
}
function findLeastCommonAncestor(stateNodes) {
  const [head, ...tail] = stateNodes;
  for (const ancestor of getProperAncestors(head, void 0)) {
    if (tail.every((sn) => isDescendant(sn, ancestor))) {
      return ancestor;
    }
  }
}
function getEffectiveTargetStates(transition, historyValue) {
  if (!transition.target) {
    return [];
  }
  const targets = /* @__PURE__ */ new Set();
  for (const targetNode of transition.target) {
    if (isHistoryNode(targetNode)) {
      if (historyValue[targetNode.id]) {
        for (const node of historyValue[targetNode.id]) {
          targets.add(node);
        }
      } else {
        for (const node of getEffectiveTargetStates(resolveHistoryDefaultTransition(targetNode), historyValue)) {
          targets.add(node);
        }
      }
    } else {
      targets.add(targetNode);
    }
  }
  return [...targets];
}
function getTransitionDomain(transition, historyValue) {
  const targetStates = getEffectiveTargetStates(transition, historyValue);
  if (!targetStates) {
    return;
  }
  if (!transition.reenter && targetStates.every((target) => target === transition.source || isDescendant(target, transition.source))) {
    return transition.source;
  }
  const lca = findLeastCommonAncestor(targetStates.concat(transition.source));
  if (lca) {
    return lca;
  }
  if (transition.reenter) {
    return;
  }
  return transition.source.machine.root;
}
function computeExitSet(transitions, stateNodeSet, historyValue) {
  const statesToExit = /* @__PURE__ */ new Set();
  for (const t of transitions) {
    if (t.target?.length) {
      const domain = getTransitionDomain(t, historyValue);
      if (t.reenter && t.source === domain) {
        statesToExit.add(domain);
      }
      for (const stateNode of stateNodeSet) {
        if (isDescendant(stateNode, domain)) {
          statesToExit.add(stateNode);
        }
      }
    }
  }
  return [...statesToExit];
}
function areStateNodeCollectionsEqual(prevStateNodes, nextStateNodeSet) {
  if (prevStateNodes.length !== nextStateNodeSet.size) {
    return false;
  }
  for (const node of prevStateNodes) {
    if (!nextStateNodeSet.has(node)) {
      return false;
    }
  }
  return true;
}
function initialMicrostep(root, preInitialState, actorScope, initEvent, internalQueue) {
  return microstep([{
    target: [...getInitialStateNodes(root)],
    source: root,
    reenter: true,
    actions: [],
    eventType: null,
    toJSON: null
  }], preInitialState, actorScope, initEvent, true, internalQueue);
}
function microstep(transitions, currentSnapshot, actorScope, event, isInitial, internalQueue) {
  const actions = [];
  if (!transitions.length) {
    return [currentSnapshot, actions];
  }
  const originalExecutor = actorScope.actionExecutor;
  actorScope.actionExecutor = (action) => {
    actions.push(action);
    originalExecutor(action);
  };
  try {
    const mutStateNodeSet = new Set(currentSnapshot._nodes);
    let historyValue = currentSnapshot.historyValue;
    const filteredTransitions = removeConflictingTransitions(transitions, mutStateNodeSet, historyValue);
    let nextState = currentSnapshot;
    if (!isInitial) {
      [nextState, historyValue] = exitStates(nextState, event, actorScope, filteredTransitions, mutStateNodeSet, historyValue, internalQueue, actorScope.actionExecutor);
    }
    nextState = resolveActionsAndContext(nextState, event, actorScope, filteredTransitions.flatMap((t) => t.actions), internalQueue, void 0);
    nextState = enterStates(nextState, event, actorScope, filteredTransitions, mutStateNodeSet, internalQueue, historyValue, isInitial);
    const nextStateNodes = [...mutStateNodeSet];
    if (nextState.status === "done") {
      nextState = resolveActionsAndContext(nextState, event, actorScope, nextStateNodes.sort((a, b) => b.order - a.order).flatMap((state) => state.exit), internalQueue, void 0);
    }
    try {
      if (historyValue === currentSnapshot.historyValue && areStateNodeCollectionsEqual(currentSnapshot._nodes, mutStateNodeSet)) {
        return [nextState, actions];
      }
      return [cloneMachineSnapshot(nextState, {
        _nodes: nextStateNodes,
        historyValue
      }), actions];
    } catch (e) {
      throw e;
    }
  } finally {
    actorScope.actionExecutor = originalExecutor;
  }
}
function getMachineOutput(snapshot, event, actorScope, rootNode, rootCompletionNode) {
  if (rootNode.output === void 0) {
    return;
  }
  const doneStateEvent = createDoneStateEvent(rootCompletionNode.id, rootCompletionNode.output !== void 0 && rootCompletionNode.parent ? resolveOutput(rootCompletionNode.output, snapshot.context, event, actorScope.self) : void 0);
  return resolveOutput(rootNode.output, snapshot.context, doneStateEvent, actorScope.self);
}
function enterStates(currentSnapshot, event, actorScope, filteredTransitions, mutStateNodeSet, internalQueue, historyValue, isInitial) {
  let nextSnapshot = currentSnapshot;
  const statesToEnter = /* @__PURE__ */ new Set();
  const statesForDefaultEntry = /* @__PURE__ */ new Set();
  computeEntrySet(filteredTransitions, historyValue, statesForDefaultEntry, statesToEnter);
  if (isInitial) {
    statesForDefaultEntry.add(currentSnapshot.machine.root);
  }
  const completedNodes = /* @__PURE__ */ new Set();
  for (const stateNodeToEnter of [...statesToEnter].sort((a, b) => a.order - b.order)) {
    mutStateNodeSet.add(stateNodeToEnter);
    const actions = [];
    actions.push(...stateNodeToEnter.entry);
    for (const invokeDef of stateNodeToEnter.invoke) {
      actions.push(spawnChild(invokeDef.src, {
        ...invokeDef,
        syncSnapshot: !!invokeDef.onSnapshot
      }));
    }
    if (statesForDefaultEntry.has(stateNodeToEnter)) {
      const initialActions = stateNodeToEnter.initial.actions;
      actions.push(...initialActions);
    }
    nextSnapshot = resolveActionsAndContext(nextSnapshot, event, actorScope, actions, internalQueue, stateNodeToEnter.invoke.map((invokeDef) => invokeDef.id));
    if (stateNodeToEnter.type === "final") {
      const parent = stateNodeToEnter.parent;
      let ancestorMarker = parent?.type === "parallel" ? parent : parent?.parent;
      let rootCompletionNode = ancestorMarker || stateNodeToEnter;
      if (parent?.type === "compound") {
        internalQueue.push(createDoneStateEvent(parent.id, stateNodeToEnter.output !== void 0 ? resolveOutput(stateNodeToEnter.output, nextSnapshot.context, event, actorScope.self) : void 0));
      }
      while (ancestorMarker?.type === "parallel" && !completedNodes.has(ancestorMarker) && isInFinalState(mutStateNodeSet, ancestorMarker)) {
        completedNodes.add(ancestorMarker);
        internalQueue.push(createDoneStateEvent(ancestorMarker.id));
        rootCompletionNode = ancestorMarker;
        ancestorMarker = ancestorMarker.parent;
      }
      if (ancestorMarker) {
        continue;
      }
      nextSnapshot = cloneMachineSnapshot(nextSnapshot, {
        status: "done",
        output: getMachineOutput(nextSnapshot, event, actorScope, nextSnapshot.machine.root, rootCompletionNode)
      });
    }
  }
  return nextSnapshot;
}
function computeEntrySet(transitions, historyValue, statesForDefaultEntry, statesToEnter) {
  for (const t of transitions) {
    const domain = getTransitionDomain(t, historyValue);
    for (const s of t.target || []) {
      if (!isHistoryNode(s) && // if the target is different than the source then it will *definitely* be entered
      (t.source !== s || // we know that the domain can't lie within the source
      // if it's different than the source then it's outside of it and it means that the target has to be entered as well
      t.source !== domain || // reentering transitions always enter the target, even if it's the source itself
      t.reenter)) {
        statesToEnter.add(s);
        statesForDefaultEntry.add(s);
      }
      addDescendantStatesToEnter(s, historyValue, statesForDefaultEntry, statesToEnter);
    }
    const targetStates = getEffectiveTargetStates(t, historyValue);
    for (const s of targetStates) {
      const ancestors = getProperAncestors(s, domain);
      if (domain?.type === "parallel") {
        ancestors.push(domain);
      }
      addAncestorStatesToEnter(statesToEnter, historyValue, statesForDefaultEntry, ancestors, !t.source.parent && t.reenter ? void 0 : domain);
    }
  }
}
function addDescendantStatesToEnter(stateNode, historyValue, statesForDefaultEntry, statesToEnter) {
  if (isHistoryNode(stateNode)) {
    if (historyValue[stateNode.id]) {
      const historyStateNodes = historyValue[stateNode.id];
      for (const s of historyStateNodes) {
        statesToEnter.add(s);
        addDescendantStatesToEnter(s, historyValue, statesForDefaultEntry, statesToEnter);
      }
      for (const s of historyStateNodes) {
        addProperAncestorStatesToEnter(s, stateNode.parent, statesToEnter, historyValue, statesForDefaultEntry);
      }
    } else {
      const historyDefaultTransition = resolveHistoryDefaultTransition(stateNode);
      for (const s of historyDefaultTransition.target) {
        statesToEnter.add(s);
        if (historyDefaultTransition === stateNode.parent?.initial) {
          statesForDefaultEntry.add(stateNode.parent);
        }
        addDescendantStatesToEnter(s, historyValue, statesForDefaultEntry, statesToEnter);
      }
      for (const s of historyDefaultTransition.target) {
        addProperAncestorStatesToEnter(s, stateNode.parent, statesToEnter, historyValue, statesForDefaultEntry);
      }
    }
  } else {
    if (stateNode.type === "compound") {
      const [initialState] = stateNode.initial.target;
      if (!isHistoryNode(initialState)) {
        statesToEnter.add(initialState);
        statesForDefaultEntry.add(initialState);
      }
      addDescendantStatesToEnter(initialState, historyValue, statesForDefaultEntry, statesToEnter);
      addProperAncestorStatesToEnter(initialState, stateNode, statesToEnter, historyValue, statesForDefaultEntry);
    } else {
      if (stateNode.type === "parallel") {
        for (const child of getChildren(stateNode).filter((sn) => !isHistoryNode(sn))) {
          if (![...statesToEnter].some((s) => isDescendant(s, child))) {
            if (!isHistoryNode(child)) {
              statesToEnter.add(child);
              statesForDefaultEntry.add(child);
            }
            addDescendantStatesToEnter(child, historyValue, statesForDefaultEntry, statesToEnter);
          }
        }
      }
    }
  }
}
function addAncestorStatesToEnter(statesToEnter, historyValue, statesForDefaultEntry, ancestors, reentrancyDomain) {
  for (const anc of ancestors) {
    if (!reentrancyDomain || isDescendant(anc, reentrancyDomain)) {
      statesToEnter.add(anc);
    }
    if (anc.type === "parallel") {
      for (const child of getChildren(anc).filter((sn) => !isHistoryNode(sn))) {
        if (![...statesToEnter].some((s) => isDescendant(s, child))) {
          statesToEnter.add(child);
          addDescendantStatesToEnter(child, historyValue, statesForDefaultEntry, statesToEnter);
        }
      }
    }
  }
}
function addProperAncestorStatesToEnter(stateNode, toStateNode, statesToEnter, historyValue, statesForDefaultEntry) {
  addAncestorStatesToEnter(statesToEnter, historyValue, statesForDefaultEntry, getProperAncestors(stateNode, toStateNode));
}
function exitStates(currentSnapshot, event, actorScope, transitions, mutStateNodeSet, historyValue, internalQueue, _actionExecutor) {
  let nextSnapshot = currentSnapshot;
  const statesToExit = computeExitSet(transitions, mutStateNodeSet, historyValue);
  statesToExit.sort((a, b) => b.order - a.order);
  let changedHistory;
  for (const exitStateNode of statesToExit) {
    for (const historyNode of getHistoryNodes(exitStateNode)) {
      let predicate;
      if (historyNode.history === "deep") {
        predicate = (sn) => isAtomicStateNode(sn) && isDescendant(sn, exitStateNode);
      } else {
        predicate = (sn) => {
          return sn.parent === exitStateNode;
        };
      }
      changedHistory ??= {
        ...historyValue
      };
      changedHistory[historyNode.id] = Array.from(mutStateNodeSet).filter(predicate);
    }
  }
  for (const s of statesToExit) {
    nextSnapshot = resolveActionsAndContext(nextSnapshot, event, actorScope, [...s.exit, ...s.invoke.map((def) => stopChild(def.id))], internalQueue, void 0);
    mutStateNodeSet.delete(s);
  }
  return [nextSnapshot, changedHistory || historyValue];
}
function getAction(machine, actionType) {
  return machine.implementations.actions[actionType];
}
function resolveAndExecuteActionsWithContext(currentSnapshot, event, actorScope, actions, extra, retries) {
  const {
    machine
  } = currentSnapshot;
  let intermediateSnapshot = currentSnapshot;
  for (const action of actions) {
    const isInline = typeof action === "function";
    const resolvedAction = isInline ? action : (
      // the existing type of `.actions` assumes non-nullable `TExpressionAction`
      // it's fine to cast this here to get a common type and lack of errors in the rest of the code
      // our logic below makes sure that we call those 2 "variants" correctly
      getAction(machine, typeof action === "string" ? action : action.type)
    );
    const actionArgs = {
      context: intermediateSnapshot.context,
      event,
      self: actorScope.self,
      system: actorScope.system
    };
    const actionParams = isInline || typeof action === "string" ? void 0 : "params" in action ? typeof action.params === "function" ? action.params({
      context: intermediateSnapshot.context,
      event
    }) : action.params : void 0;
    if (!resolvedAction || !("resolve" in resolvedAction)) {
      actorScope.actionExecutor({
        type: typeof action === "string" ? action : typeof action === "object" ? action.type : action.name || "(anonymous)",
        info: actionArgs,
        params: actionParams,
        exec: resolvedAction
      });
      continue;
    }
    const builtinAction = resolvedAction;
    const [nextState, params, actions2] = builtinAction.resolve(
      actorScope,
      intermediateSnapshot,
      actionArgs,
      actionParams,
      resolvedAction,
      // this holds all params
      extra
    );
    intermediateSnapshot = nextState;
    if ("retryResolve" in builtinAction) {
      retries?.push([builtinAction, params]);
    }
    if ("execute" in builtinAction) {
      actorScope.actionExecutor({
        type: builtinAction.type,
        info: actionArgs,
        params,
        exec: builtinAction.execute.bind(null, actorScope, params)
      });
    }
    if (actions2) {
      intermediateSnapshot = resolveAndExecuteActionsWithContext(intermediateSnapshot, event, actorScope, actions2, extra, retries);
    }
  }
  return intermediateSnapshot;
}
function resolveActionsAndContext(currentSnapshot, event, actorScope, actions, internalQueue, deferredActorIds) {
  const retries = deferredActorIds ? [] : void 0;
  const nextState = resolveAndExecuteActionsWithContext(currentSnapshot, event, actorScope, actions, {
    internalQueue,
    deferredActorIds
  }, retries);
  retries?.forEach(([builtinAction, params]) => {
    builtinAction.retryResolve(actorScope, nextState, params);
  });
  return nextState;
}
function macrostep(snapshot, event, actorScope, internalQueue) {
  let nextSnapshot = snapshot;
  const microsteps = [];
  function addMicrostep(step, event2, transitions) {
    actorScope.system._sendInspectionEvent({
      type: "@xstate.microstep",
      actorRef: actorScope.self,
      event: event2,
      snapshot: step[0],
      _transitions: transitions
    });
    microsteps.push(step);
  }
  if (event.type === XSTATE_STOP) {
    nextSnapshot = cloneMachineSnapshot(stopChildren(nextSnapshot, event, actorScope), {
      status: "stopped"
    });
    addMicrostep([nextSnapshot, []], event, []);
    return {
      snapshot: nextSnapshot,
      microsteps
    };
  }
  let nextEvent = event;
  if (nextEvent.type !== XSTATE_INIT) {
    const currentEvent = nextEvent;
    const isErr = isErrorActorEvent(currentEvent);
    const transitions = selectTransitions(currentEvent, nextSnapshot);
    if (isErr && !transitions.length) {
      nextSnapshot = cloneMachineSnapshot(stopChildren(nextSnapshot, currentEvent, actorScope), {
        status: "error",
        error: currentEvent.error
      });
      addMicrostep([nextSnapshot, []], currentEvent, []);
      return {
        snapshot: nextSnapshot,
        microsteps
      };
    }
    const step = microstep(
      transitions,
      snapshot,
      actorScope,
      nextEvent,
      false,
      // isInitial
      internalQueue
    );
    nextSnapshot = step[0];
    addMicrostep(step, currentEvent, transitions);
  }
  let shouldSelectEventlessTransitions = true;
  const maxIterations = snapshot.machine.options?.maxIterations ?? Infinity;
  let iterationCount = 0;
  while (nextSnapshot.status === "active") {
    iterationCount++;
    if (iterationCount > maxIterations) {
      throw new Error(`Infinite loop detected: the machine has processed more than ${maxIterations} microsteps without reaching a stable state. This usually happens when there's a cycle of transitions (e.g., eventless transitions or raised events causing state A -> B -> C -> A).`);
    }
    let enabledTransitions = shouldSelectEventlessTransitions ? selectEventlessTransitions(nextSnapshot, nextEvent) : [];
    const previousState = enabledTransitions.length ? nextSnapshot : void 0;
    if (!enabledTransitions.length) {
      if (!internalQueue.length) {
        break;
      }
      nextEvent = internalQueue.shift();
      enabledTransitions = selectTransitions(nextEvent, nextSnapshot);
    }
    const step = microstep(enabledTransitions, nextSnapshot, actorScope, nextEvent, false, internalQueue);
    nextSnapshot = step[0];
    shouldSelectEventlessTransitions = nextSnapshot !== previousState;
    addMicrostep(step, nextEvent, enabledTransitions);
  }
  if (nextSnapshot.status !== "active") {
    stopChildren(nextSnapshot, nextEvent, actorScope);
  }
  return {
    snapshot: nextSnapshot,
    microsteps
  };
}
function stopChildren(nextState, event, actorScope) {
  return resolveActionsAndContext(nextState, event, actorScope, Object.values(nextState.children).map((child) => stopChild(child)), [], void 0);
}
function selectTransitions(event, nextState) {
  return nextState.machine.getTransitionData(nextState, event);
}
function selectEventlessTransitions(nextState, event) {
  const enabledTransitionSet = /* @__PURE__ */ new Set();
  const atomicStates = nextState._nodes.filter(isAtomicStateNode);
  for (const stateNode of atomicStates) {
    loop: for (const s of [stateNode].concat(getProperAncestors(stateNode, void 0))) {
      if (!s.always) {
        continue;
      }
      for (const transition of s.always) {
        if (transition.guard === void 0 || evaluateGuard(transition.guard, nextState.context, event, nextState)) {
          enabledTransitionSet.add(transition);
          break loop;
        }
      }
    }
  }
  return removeConflictingTransitions(Array.from(enabledTransitionSet), new Set(nextState._nodes), nextState.historyValue);
}
function resolveStateValue(rootNode, stateValue2) {
  const allStateNodes = getAllStateNodes(getStateNodes(rootNode, stateValue2));
  return getStateValue(rootNode, [...allStateNodes]);
}
function isMachineSnapshot(value) {
  return !!value && typeof value === "object" && "machine" in value && "value" in value;
}
var machineSnapshotMatches = function matches(testValue) {
  return matchesState(testValue, this.value);
};
var machineSnapshotHasTag = function hasTag(tag) {
  return this.tags.has(tag);
};
var machineSnapshotCan = function can(event) {
  const transitionData = this.machine.getTransitionData(this, event);
  return !!transitionData?.length && // Check that at least one transition is not forbidden
  transitionData.some((t) => t.target !== void 0 || t.actions.length);
};
var machineSnapshotToJSON = function toJSON() {
  const {
    _nodes: nodes,
    tags,
    machine,
    getMeta: getMeta2,
    toJSON: toJSON2,
    can: can2,
    hasTag: hasTag2,
    matches: matches2,
    ...jsonValues
  } = this;
  return {
    ...jsonValues,
    tags: Array.from(tags)
  };
};
var machineSnapshotGetMeta = function getMeta() {
  return this._nodes.reduce((acc, stateNode) => {
    if (stateNode.meta !== void 0) {
      acc[stateNode.id] = stateNode.meta;
    }
    return acc;
  }, {});
};
function createMachineSnapshot(config, machine) {
  return {
    status: config.status,
    output: config.output,
    error: config.error,
    machine,
    context: config.context,
    _nodes: config._nodes,
    value: getStateValue(machine.root, config._nodes),
    tags: new Set(config._nodes.flatMap((sn) => sn.tags)),
    children: config.children,
    historyValue: config.historyValue || {},
    matches: machineSnapshotMatches,
    hasTag: machineSnapshotHasTag,
    can: machineSnapshotCan,
    getMeta: machineSnapshotGetMeta,
    toJSON: machineSnapshotToJSON
  };
}
function cloneMachineSnapshot(snapshot, config = {}) {
  return createMachineSnapshot({
    ...snapshot,
    ...config
  }, snapshot.machine);
}
function serializeHistoryValue(historyValue) {
  if (typeof historyValue !== "object" || historyValue === null) {
    return {};
  }
  const result = {};
  for (const key in historyValue) {
    const value = historyValue[key];
    if (Array.isArray(value)) {
      result[key] = value.map((item) => ({
        id: item.id
      }));
    }
  }
  return result;
}
function getPersistedSnapshot(snapshot, options) {
  const {
    _nodes: nodes,
    tags,
    machine,
    children,
    context,
    can: can2,
    hasTag: hasTag2,
    matches: matches2,
    getMeta: getMeta2,
    toJSON: toJSON2,
    ...jsonValues
  } = snapshot;
  const childrenJson = {};
  for (const id in children) {
    const child = children[id];
    childrenJson[id] = {
      snapshot: child.getPersistedSnapshot(options),
      src: child.src,
      systemId: child.systemId,
      syncSnapshot: child._syncSnapshot
    };
  }
  const persisted = {
    ...jsonValues,
    context: persistContext(context),
    children: childrenJson,
    historyValue: serializeHistoryValue(jsonValues.historyValue)
  };
  return persisted;
}
function persistContext(contextPart) {
  let copy2;
  for (const key in contextPart) {
    const value = contextPart[key];
    if (value && typeof value === "object") {
      if ("sessionId" in value && "send" in value && "ref" in value) {
        copy2 ??= Array.isArray(contextPart) ? contextPart.slice() : {
          ...contextPart
        };
        copy2[key] = {
          xstate$$type: $$ACTOR_TYPE,
          id: value.id
        };
      } else {
        const result = persistContext(value);
        if (result !== value) {
          copy2 ??= Array.isArray(contextPart) ? contextPart.slice() : {
            ...contextPart
          };
          copy2[key] = result;
        }
      }
    }
  }
  return copy2 ?? contextPart;
}
function resolveRaise(_, snapshot, args, actionParams, {
  event: eventOrExpr,
  id,
  delay
}, {
  internalQueue
}) {
  const delaysMap = snapshot.machine.implementations.delays;
  if (typeof eventOrExpr === "string") {
    throw new Error(
      // oxlint-disable-next-line typescript/restrict-template-expressions
      `Only event objects may be used with raise; use raise({ type: "${eventOrExpr}" }) instead`
    );
  }
  const resolvedEvent = typeof eventOrExpr === "function" ? eventOrExpr(args, actionParams) : eventOrExpr;
  let resolvedDelay;
  if (typeof delay === "string") {
    const configDelay = delaysMap && delaysMap[delay];
    resolvedDelay = typeof configDelay === "function" ? configDelay(args, actionParams) : configDelay;
  } else {
    resolvedDelay = typeof delay === "function" ? delay(args, actionParams) : delay;
  }
  if (typeof resolvedDelay !== "number") {
    internalQueue.push(resolvedEvent);
  }
  return [snapshot, {
    event: resolvedEvent,
    id,
    delay: resolvedDelay
  }, void 0];
}
function executeRaise(actorScope, params) {
  const {
    event,
    delay,
    id
  } = params;
  if (typeof delay === "number") {
    actorScope.defer(() => {
      const self2 = actorScope.self;
      actorScope.system.scheduler.schedule(self2, self2, event, delay, id);
    });
    return;
  }
}
function raise(eventOrExpr, options) {
  function raise2(_args, _params) {
  }
  raise2.type = "xstate.raise";
  raise2.event = eventOrExpr;
  raise2.id = options?.id;
  raise2.delay = options?.delay;
  raise2.resolve = resolveRaise;
  raise2.execute = executeRaise;
  return raise2;
}

// node_modules/xstate/dist/assign-1f0d7720.esm.js
function createSpawner(actorScope, {
  machine,
  context
}, event, spawnedChildren) {
  const spawn = (src, options) => {
    if (typeof src === "string") {
      const logic = resolveReferencedActor(machine, src);
      if (!logic) {
        throw new Error(`Actor logic '${src}' not implemented in machine '${machine.id}'`);
      }
      const actorRef = createActor(logic, {
        id: options?.id,
        parent: actorScope.self,
        syncSnapshot: options?.syncSnapshot,
        input: typeof options?.input === "function" ? options.input({
          context,
          event,
          self: actorScope.self
        }) : options?.input,
        src,
        systemId: options?.systemId
      });
      spawnedChildren[actorRef.id] = actorRef;
      return actorRef;
    } else {
      const actorRef = createActor(src, {
        id: options?.id,
        parent: actorScope.self,
        syncSnapshot: options?.syncSnapshot,
        input: options?.input,
        src,
        systemId: options?.systemId
      });
      return actorRef;
    }
  };
  return (src, options) => {
    const actorRef = spawn(src, options);
    spawnedChildren[actorRef.id] = actorRef;
    actorScope.defer(() => {
      if (actorRef._processingStatus === ProcessingStatus.Stopped) {
        return;
      }
      actorRef.start();
    });
    return actorRef;
  };
}
function resolveAssign(actorScope, snapshot, actionArgs, actionParams, {
  assignment
}) {
  if (!snapshot.context) {
    throw new Error("Cannot assign to undefined `context`. Ensure that `context` is defined in the machine config.");
  }
  const spawnedChildren = {};
  const assignArgs = {
    context: snapshot.context,
    event: actionArgs.event,
    spawn: createSpawner(actorScope, snapshot, actionArgs.event, spawnedChildren),
    self: actorScope.self,
    system: actorScope.system
  };
  let partialUpdate = {};
  if (typeof assignment === "function") {
    partialUpdate = assignment(assignArgs, actionParams);
  } else {
    for (const key of Object.keys(assignment)) {
      const propAssignment = assignment[key];
      partialUpdate[key] = typeof propAssignment === "function" ? propAssignment(assignArgs, actionParams) : propAssignment;
    }
  }
  const updatedContext = Object.assign({}, snapshot.context, partialUpdate);
  return [cloneMachineSnapshot(snapshot, {
    context: updatedContext,
    children: Object.keys(spawnedChildren).length ? {
      ...snapshot.children,
      ...spawnedChildren
    } : snapshot.children
  }), void 0, void 0];
}
function assign(assignment) {
  function assign2(_args, _params) {
  }
  assign2.type = "xstate.assign";
  assign2.assignment = assignment;
  assign2.resolve = resolveAssign;
  return assign2;
}

// node_modules/xstate/dist/StateMachine-ae06a22b.esm.js
var cache = /* @__PURE__ */ new WeakMap();
function memo(object, key, fn) {
  let memoizedData = cache.get(object);
  if (!memoizedData) {
    memoizedData = {
      [key]: fn()
    };
    cache.set(object, memoizedData);
  } else if (!(key in memoizedData)) {
    memoizedData[key] = fn();
  }
  return memoizedData[key];
}
var EMPTY_OBJECT = {};
var toSerializableAction = (action) => {
  if (typeof action === "string") {
    return {
      type: action
    };
  }
  if (typeof action === "function") {
    if ("resolve" in action) {
      return {
        type: action.type
      };
    }
    return {
      type: action.name
    };
  }
  return action;
};
var StateNode = class _StateNode {
  constructor(config, options) {
    this.config = config;
    this.key = void 0;
    this.id = void 0;
    this.type = void 0;
    this.path = void 0;
    this.states = void 0;
    this.history = void 0;
    this.entry = void 0;
    this.exit = void 0;
    this.parent = void 0;
    this.machine = void 0;
    this.meta = void 0;
    this.output = void 0;
    this.order = -1;
    this.description = void 0;
    this.tags = [];
    this.transitions = void 0;
    this.always = void 0;
    this.parent = options._parent;
    this.key = options._key;
    this.machine = options._machine;
    this.path = this.parent ? this.parent.path.concat(this.key) : [];
    this.id = this.config.id || [this.machine.id, ...this.path].join(STATE_DELIMITER);
    this.type = this.config.type || (this.config.states && Object.keys(this.config.states).length ? "compound" : this.config.history ? "history" : "atomic");
    this.description = this.config.description;
    this.order = this.machine.idMap.size;
    this.machine.idMap.set(this.id, this);
    this.states = this.config.states ? mapValues(this.config.states, (stateConfig, key) => {
      const stateNode = new _StateNode(stateConfig, {
        _parent: this,
        _key: key,
        _machine: this.machine
      });
      return stateNode;
    }) : EMPTY_OBJECT;
    if (this.type === "compound" && !this.config.initial) {
      throw new Error(`No initial state specified for compound state node "#${this.id}". Try adding { initial: "${Object.keys(this.states)[0]}" } to the state config.`);
    }
    this.history = this.config.history === true ? "shallow" : this.config.history || false;
    this.entry = toArray(this.config.entry).slice();
    this.exit = toArray(this.config.exit).slice();
    this.meta = this.config.meta;
    this.output = this.type === "final" || !this.parent ? this.config.output : void 0;
    this.tags = toArray(config.tags).slice();
  }
  /** @internal */
  _initialize() {
    this.transitions = formatTransitions(this);
    if (this.config.always) {
      this.always = toTransitionConfigArray(this.config.always).map((t) => formatTransition(this, NULL_EVENT, t));
    }
    Object.keys(this.states).forEach((key) => {
      this.states[key]._initialize();
    });
  }
  /** The well-structured state node definition. */
  get definition() {
    return {
      id: this.id,
      key: this.key,
      version: this.machine.version,
      type: this.type,
      initial: this.initial ? {
        target: this.initial.target,
        source: this,
        actions: this.initial.actions.map(toSerializableAction),
        eventType: null,
        reenter: false,
        meta: this.initial.meta,
        description: this.initial.description,
        toJSON: () => ({
          target: this.initial.target.map((t) => `#${t.id}`),
          source: `#${this.id}`,
          actions: this.initial.actions.map(toSerializableAction),
          eventType: null,
          meta: this.initial.meta,
          description: this.initial.description
        })
      } : void 0,
      history: this.history,
      states: mapValues(this.states, (state) => state.definition),
      on: this.on,
      transitions: [...this.transitions.values()].flat().map((t) => ({
        ...t,
        actions: t.actions.map(toSerializableAction)
      })),
      entry: this.entry.map(toSerializableAction),
      exit: this.exit.map(toSerializableAction),
      meta: this.meta,
      order: this.order || -1,
      output: this.output,
      invoke: this.invoke,
      description: this.description,
      tags: this.tags
    };
  }
  /** @internal */
  toJSON() {
    return this.definition;
  }
  /** The logic invoked as actors by this state node. */
  get invoke() {
    return memo(this, "invoke", () => toArray(this.config.invoke).map((invokeConfig, i) => {
      const {
        src,
        systemId
      } = invokeConfig;
      const resolvedId = invokeConfig.id ?? createInvokeId(this.id, i);
      const sourceName = typeof src === "string" ? src : `xstate.invoke.${createInvokeId(this.id, i)}`;
      return {
        ...invokeConfig,
        src: sourceName,
        id: resolvedId,
        systemId,
        toJSON() {
          const {
            onDone,
            onError,
            ...invokeDefValues
          } = invokeConfig;
          return {
            ...invokeDefValues,
            type: "xstate.invoke",
            src: sourceName,
            id: resolvedId
          };
        }
      };
    }));
  }
  /** The mapping of events to transitions. */
  get on() {
    return memo(this, "on", () => {
      const transitions = this.transitions;
      return [...transitions].flatMap(([descriptor, t]) => t.map((t2) => [descriptor, t2])).reduce((map, [descriptor, transition]) => {
        map[descriptor] = map[descriptor] || [];
        map[descriptor].push(transition);
        return map;
      }, {});
    });
  }
  get after() {
    return memo(this, "delayedTransitions", () => getDelayedTransitions(this));
  }
  get initial() {
    return memo(this, "initial", () => formatInitialTransition(this, this.config.initial));
  }
  /** @internal */
  next(snapshot, event) {
    const eventType = event.type;
    const actions = [];
    let selectedTransition;
    const candidates = memo(this, `candidates-${eventType}`, () => getCandidates(this, eventType));
    for (const candidate of candidates) {
      const {
        guard
      } = candidate;
      const resolvedContext = snapshot.context;
      let guardPassed = false;
      try {
        guardPassed = !guard || evaluateGuard(guard, resolvedContext, event, snapshot);
      } catch (err) {
        const guardType = typeof guard === "string" ? guard : typeof guard === "object" ? guard.type : void 0;
        throw new Error(`Unable to evaluate guard ${guardType ? `'${guardType}' ` : ""}in transition for event '${eventType}' in state node '${this.id}':
${err.message}`);
      }
      if (guardPassed) {
        actions.push(...candidate.actions);
        selectedTransition = candidate;
        break;
      }
    }
    return selectedTransition ? [selectedTransition] : void 0;
  }
  /** All the event types accepted by this state node and its descendants. */
  get events() {
    return memo(this, "events", () => {
      const {
        states
      } = this;
      const events = new Set(this.ownEvents);
      if (states) {
        for (const stateId of Object.keys(states)) {
          const state = states[stateId];
          if (state.states) {
            for (const event of state.events) {
              events.add(`${event}`);
            }
          }
        }
      }
      return Array.from(events);
    });
  }
  /**
   * All the events that have transitions directly from this state node.
   *
   * Excludes any inert events.
   */
  get ownEvents() {
    const keys = Object.keys(Object.fromEntries(this.transitions));
    const events = new Set(keys.filter((descriptor) => {
      return this.transitions.get(descriptor).some((transition) => !(!transition.target && !transition.actions.length && !transition.reenter));
    }));
    return Array.from(events);
  }
};
var STATE_IDENTIFIER2 = "#";
var StateMachine = class _StateMachine {
  constructor(config, implementations) {
    this.config = config;
    this.version = void 0;
    this.schemas = void 0;
    this.implementations = void 0;
    this.options = void 0;
    this.__xstatenode = true;
    this.idMap = /* @__PURE__ */ new Map();
    this.root = void 0;
    this.id = void 0;
    this.states = void 0;
    this.events = void 0;
    this.id = config.id || "(machine)";
    this.implementations = {
      actors: implementations?.actors ?? {},
      actions: implementations?.actions ?? {},
      delays: implementations?.delays ?? {},
      guards: implementations?.guards ?? {}
    };
    this.version = this.config.version;
    this.schemas = this.config.schemas;
    this.options = {
      maxIterations: Infinity,
      ...this.config.options
    };
    this.transition = this.transition.bind(this);
    this.getInitialSnapshot = this.getInitialSnapshot.bind(this);
    this.getPersistedSnapshot = this.getPersistedSnapshot.bind(this);
    this.restoreSnapshot = this.restoreSnapshot.bind(this);
    this.start = this.start.bind(this);
    this.root = new StateNode(config, {
      _key: this.id,
      _machine: this
    });
    this.root._initialize();
    formatRouteTransitions(this.root);
    this.states = this.root.states;
    this.events = this.root.events;
  }
  /**
   * Clones this state machine with the provided implementations.
   *
   * @param implementations Options (`actions`, `guards`, `actors`, `delays`) to
   *   recursively merge with the existing options.
   * @returns A new `StateMachine` instance with the provided implementations.
   */
  provide(implementations) {
    const {
      actions,
      guards,
      actors,
      delays
    } = this.implementations;
    return new _StateMachine(this.config, {
      actions: {
        ...actions,
        ...implementations.actions
      },
      guards: {
        ...guards,
        ...implementations.guards
      },
      actors: {
        ...actors,
        ...implementations.actors
      },
      delays: {
        ...delays,
        ...implementations.delays
      }
    });
  }
  resolveState(config) {
    const resolvedStateValue = resolveStateValue(this.root, config.value);
    const nodeSet = getAllStateNodes(getStateNodes(this.root, resolvedStateValue));
    return createMachineSnapshot({
      _nodes: [...nodeSet],
      context: config.context || {},
      children: {},
      status: isInFinalState(nodeSet, this.root) ? "done" : config.status || "active",
      output: config.output,
      error: config.error,
      historyValue: config.historyValue
    }, this);
  }
  /**
   * Determines the next snapshot given the current `snapshot` and received
   * `event`. Calculates a full macrostep from all microsteps.
   *
   * @param snapshot The current snapshot
   * @param event The received event
   */
  transition(snapshot, event, actorScope) {
    return macrostep(snapshot, event, actorScope, []).snapshot;
  }
  /**
   * Determines the next state given the current `state` and `event`. Calculates
   * a microstep.
   *
   * @param state The current state
   * @param event The received event
   */
  microstep(snapshot, event, actorScope) {
    return macrostep(snapshot, event, actorScope, []).microsteps.map(([s]) => s);
  }
  getTransitionData(snapshot, event) {
    return transitionNode(this.root, snapshot.value, snapshot, event) || [];
  }
  /**
   * The initial state _before_ evaluating any microsteps. This "pre-initial"
   * state is provided to initial actions executed in the initial state.
   *
   * @internal
   */
  _getPreInitialState(actorScope, initEvent, internalQueue) {
    const {
      context
    } = this.config;
    const preInitial = createMachineSnapshot({
      context: typeof context !== "function" && context ? context : {},
      _nodes: [this.root],
      children: {},
      status: "active"
    }, this);
    if (typeof context === "function") {
      const assignment = ({
        spawn,
        event,
        self: self2
      }) => context({
        spawn,
        input: event.input,
        self: self2
      });
      return resolveActionsAndContext(preInitial, initEvent, actorScope, [assign(assignment)], internalQueue, void 0);
    }
    return preInitial;
  }
  /**
   * Returns the initial `State` instance, with reference to `self` as an
   * `ActorRef`.
   */
  getInitialSnapshot(actorScope, input) {
    const initEvent = createInitEvent(input);
    const internalQueue = [];
    let snapshot = createMachineSnapshot({
      context: typeof this.config.context !== "function" && this.config.context ? this.config.context : {},
      _nodes: [this.root],
      children: {},
      status: "active"
    }, this);
    try {
      snapshot = this._getPreInitialState(actorScope, initEvent, internalQueue);
      const [nextState] = initialMicrostep(this.root, snapshot, actorScope, initEvent, internalQueue);
      const {
        snapshot: macroState
      } = macrostep(nextState, initEvent, actorScope, internalQueue);
      return macroState;
    } catch (error) {
      return cloneMachineSnapshot(snapshot, {
        status: "error",
        error
      });
    }
  }
  start(snapshot) {
    Object.values(snapshot.children).forEach((child) => {
      if (child.getSnapshot().status === "active") {
        child.start();
      }
    });
  }
  getStateNodeById(stateId) {
    const fullPath = toStatePath(stateId);
    const relativePath = fullPath.slice(1);
    const resolvedStateId = isStateId(fullPath[0]) ? fullPath[0].slice(STATE_IDENTIFIER2.length) : fullPath[0];
    const stateNode = this.idMap.get(resolvedStateId);
    if (!stateNode) {
      throw new Error(`Child state node '#${resolvedStateId}' does not exist on machine '${this.id}'`);
    }
    return getStateNodeByPath(stateNode, relativePath);
  }
  get definition() {
    return this.root.definition;
  }
  toJSON() {
    return this.definition;
  }
  getPersistedSnapshot(snapshot, options) {
    return getPersistedSnapshot(snapshot, options);
  }
  restoreSnapshot(snapshot, _actorScope) {
    const children = {};
    const snapshotChildren = snapshot.children;
    Object.keys(snapshotChildren).forEach((actorId) => {
      const actorData = snapshotChildren[actorId];
      const childState = actorData.snapshot;
      const src = actorData.src;
      const logic = typeof src === "string" ? resolveReferencedActor(this, src) : src;
      if (!logic) {
        return;
      }
      const actorRef = createActor(logic, {
        id: actorId,
        parent: _actorScope.self,
        syncSnapshot: actorData.syncSnapshot,
        snapshot: childState,
        src,
        systemId: actorData.systemId
      });
      children[actorId] = actorRef;
    });
    function resolveHistoryReferencedState(root, referenced) {
      if (referenced instanceof StateNode) {
        return referenced;
      }
      try {
        return root.machine.getStateNodeById(referenced.id);
      } catch {
      }
    }
    function reviveHistoryValue(root, historyValue) {
      if (!historyValue || typeof historyValue !== "object") {
        return {};
      }
      const revived = {};
      for (const key in historyValue) {
        const arr = historyValue[key];
        for (const item of arr) {
          const resolved = resolveHistoryReferencedState(root, item);
          if (!resolved) {
            continue;
          }
          revived[key] ??= [];
          revived[key].push(resolved);
        }
      }
      return revived;
    }
    const revivedHistoryValue = reviveHistoryValue(this.root, snapshot.historyValue);
    const restoredSnapshot = createMachineSnapshot({
      ...snapshot,
      children,
      _nodes: Array.from(getAllStateNodes(getStateNodes(this.root, snapshot.value))),
      historyValue: revivedHistoryValue
    }, this);
    const seen = /* @__PURE__ */ new Set();
    function reviveContext(contextPart, children2) {
      if (seen.has(contextPart)) {
        return;
      }
      seen.add(contextPart);
      for (const key in contextPart) {
        const value = contextPart[key];
        if (value && typeof value === "object") {
          if ("xstate$$type" in value && value.xstate$$type === $$ACTOR_TYPE) {
            contextPart[key] = children2[value.id];
            continue;
          }
          reviveContext(value, children2);
        }
      }
    }
    reviveContext(restoredSnapshot.context, children);
    return restoredSnapshot;
  }
};

// node_modules/xstate/dist/log-6a5e50a8.esm.js
function resolveEmit(_, snapshot, args, actionParams, {
  event: eventOrExpr
}) {
  const resolvedEvent = typeof eventOrExpr === "function" ? eventOrExpr(args, actionParams) : eventOrExpr;
  return [snapshot, {
    event: resolvedEvent
  }, void 0];
}
function executeEmit(actorScope, {
  event
}) {
  actorScope.defer(() => actorScope.emit(event));
}
function emit(eventOrExpr) {
  function emit2(_args, _params) {
  }
  emit2.type = "xstate.emit";
  emit2.event = eventOrExpr;
  emit2.resolve = resolveEmit;
  emit2.execute = executeEmit;
  return emit2;
}
var SpecialTargets = /* @__PURE__ */ (function(SpecialTargets2) {
  SpecialTargets2["Parent"] = "#_parent";
  SpecialTargets2["Internal"] = "#_internal";
  return SpecialTargets2;
})({});
function resolveSendTo(actorScope, snapshot, args, actionParams, {
  to,
  event: eventOrExpr,
  id,
  delay
}, extra) {
  const delaysMap = snapshot.machine.implementations.delays;
  if (typeof eventOrExpr === "string") {
    throw new Error(
      // oxlint-disable-next-line typescript/restrict-template-expressions
      `Only event objects may be used with sendTo; use sendTo({ type: "${eventOrExpr}" }) instead`
    );
  }
  const resolvedEvent = typeof eventOrExpr === "function" ? eventOrExpr(args, actionParams) : eventOrExpr;
  let resolvedDelay;
  if (typeof delay === "string") {
    const configDelay = delaysMap && delaysMap[delay];
    resolvedDelay = typeof configDelay === "function" ? configDelay(args, actionParams) : configDelay;
  } else {
    resolvedDelay = typeof delay === "function" ? delay(args, actionParams) : delay;
  }
  const resolvedTarget = typeof to === "function" ? to(args, actionParams) : to;
  let targetActorRef;
  if (typeof resolvedTarget === "string") {
    if (resolvedTarget === SpecialTargets.Parent) {
      targetActorRef = actorScope.self._parent;
    } else if (resolvedTarget === SpecialTargets.Internal) {
      targetActorRef = actorScope.self;
    } else if (resolvedTarget.startsWith("#_")) {
      targetActorRef = snapshot.children[resolvedTarget.slice(2)];
    } else {
      targetActorRef = extra.deferredActorIds?.includes(resolvedTarget) ? resolvedTarget : snapshot.children[resolvedTarget];
    }
    if (!targetActorRef) {
      throw new Error(`Unable to send event to actor '${resolvedTarget}' from machine '${snapshot.machine.id}'.`);
    }
  } else {
    targetActorRef = resolvedTarget || actorScope.self;
  }
  return [snapshot, {
    to: targetActorRef,
    targetId: typeof resolvedTarget === "string" ? resolvedTarget : void 0,
    event: resolvedEvent,
    id,
    delay: resolvedDelay
  }, void 0];
}
function retryResolveSendTo(_, snapshot, params) {
  if (typeof params.to === "string") {
    params.to = snapshot.children[params.to];
  }
}
function executeSendTo(actorScope, params) {
  actorScope.defer(() => {
    const {
      to,
      event,
      delay,
      id
    } = params;
    if (typeof delay === "number") {
      actorScope.system.scheduler.schedule(actorScope.self, to, event, delay, id);
      return;
    }
    actorScope.system._relay(
      actorScope.self,
      // at this point, in a deferred task, it should already be mutated by retryResolveSendTo
      // if it initially started as a string
      to,
      event.type === XSTATE_ERROR ? createErrorActorEvent(actorScope.self.id, event.data) : event
    );
  });
}
function sendTo(to, eventOrExpr, options) {
  function sendTo2(_args, _params) {
  }
  sendTo2.type = "xstate.sendTo";
  sendTo2.to = to;
  sendTo2.event = eventOrExpr;
  sendTo2.id = options?.id;
  sendTo2.delay = options?.delay;
  sendTo2.resolve = resolveSendTo;
  sendTo2.retryResolve = retryResolveSendTo;
  sendTo2.execute = executeSendTo;
  return sendTo2;
}
function sendParent(event, options) {
  return sendTo(SpecialTargets.Parent, event, options);
}
function resolveEnqueueActions(actorScope, snapshot, args, actionParams, {
  collect
}) {
  const actions = [];
  const enqueue = function enqueue2(action) {
    actions.push(action);
  };
  enqueue.assign = (...args2) => {
    actions.push(assign(...args2));
  };
  enqueue.cancel = (...args2) => {
    actions.push(cancel(...args2));
  };
  enqueue.raise = (...args2) => {
    actions.push(raise(...args2));
  };
  enqueue.sendTo = (...args2) => {
    actions.push(sendTo(...args2));
  };
  enqueue.sendParent = (...args2) => {
    actions.push(sendParent(...args2));
  };
  enqueue.spawnChild = (...args2) => {
    actions.push(spawnChild(...args2));
  };
  enqueue.stopChild = (...args2) => {
    actions.push(stopChild(...args2));
  };
  enqueue.emit = (...args2) => {
    actions.push(emit(...args2));
  };
  collect({
    context: args.context,
    event: args.event,
    enqueue,
    check: (guard) => evaluateGuard(guard, snapshot.context, args.event, snapshot),
    self: actorScope.self,
    system: actorScope.system
  }, actionParams);
  return [snapshot, void 0, actions];
}
function enqueueActions(collect) {
  function enqueueActions2(_args, _params) {
  }
  enqueueActions2.type = "xstate.enqueueActions";
  enqueueActions2.collect = collect;
  enqueueActions2.resolve = resolveEnqueueActions;
  return enqueueActions2;
}
function resolveLog(_, snapshot, actionArgs, actionParams, {
  value,
  label
}) {
  return [snapshot, {
    value: typeof value === "function" ? value(actionArgs, actionParams) : value,
    label
  }, void 0];
}
function executeLog({
  logger
}, {
  value,
  label
}) {
  if (label) {
    logger(label, value);
  } else {
    logger(value);
  }
}
function log(value = ({
  context,
  event
}) => ({
  context,
  event
}), label) {
  function log3(_args, _params) {
  }
  log3.type = "xstate.log";
  log3.value = value;
  log3.label = label;
  log3.resolve = resolveLog;
  log3.execute = executeLog;
  return log3;
}

// node_modules/xstate/dist/xstate.esm.js
function createMachine(config, implementations) {
  return new StateMachine(config, implementations);
}
function setup({
  schemas,
  actors,
  actions,
  guards,
  delays
}) {
  return {
    assign,
    sendTo,
    raise,
    log,
    cancel,
    stopChild,
    enqueueActions,
    emit,
    spawnChild,
    createStateConfig: (config) => config,
    createAction: (fn) => fn,
    createMachine: (config) => createMachine({
      ...config,
      schemas
    }, {
      actors,
      actions,
      guards,
      delays
    }),
    extend: (extended) => setup({
      schemas,
      actors,
      actions: {
        ...actions,
        ...extended.actions
      },
      guards: {
        ...guards,
        ...extended.guards
      },
      delays: {
        ...delays,
        ...extended.delays
      }
    })
  };
}

// diagnostics/index.ts
function describeValue(value, maxLength = 80) {
  let text2;
  try {
    text2 = typeof value === "string" ? JSON.stringify(value) : typeof value === "number" ? String(value) : value === void 0 ? "undefined" : typeof value === "function" ? "[function]" : typeof value === "bigint" ? `${value}n` : JSON.stringify(value) ?? String(value);
  } catch {
    text2 = Object.prototype.toString.call(value);
  }
  return text2.length > maxLength ? `${text2.slice(0, maxLength)}\u2026 (${text2.length} chars)` : text2;
}
function describeError(error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return describeValue(error);
}

// protocol/buttons.ts
var BUTTONS_BY_UI_STATE = {
  incoming: [
    { label: "Answer", event: "answerButtonClick" },
    { label: "Skip", event: "skipButtonClick" }
  ],
  transferIncoming: [
    { label: "Answer", event: "answerButtonClick" },
    { label: "Skip", event: "skipButtonClick" }
  ],
  outgoing: [{ label: "Call", event: "makeCallButtonClick" }],
  connectingIncoming: [{ label: "Hang up", event: "hangupButtonClick" }],
  connectingOutgoing: [{ label: "Hang up", event: "hangupButtonClick" }],
  connected: [
    { label: "Hang up", event: "hangupButtonClick" },
    { label: "Hold", event: "holdButtonClick" },
    { label: "Mute", event: "muteButtonClick" },
    { label: "Transfer", event: "transferButtonClick" },
    { label: "Dial pad", event: "dialpadButtonClick" },
    { label: "Quality", event: "qualityMeterClick" }
  ],
  transferring: [
    { label: "Transfer", event: "completeTransferButtonClick" },
    { label: "Return to call", event: "cancelTransferButtonClick" }
  ],
  transferFailed: [{ label: "Return to call", event: "cancelTransferButtonClick" }],
  transferConnected: [{ label: "Hang up", event: "hangupButtonClick" }],
  error: [{ label: "Close", event: "closeButtonClick" }],
  moneyError: [
    { label: "Notify administrator", event: "notifyAdminButtonClick" },
    { label: "Close", event: "closeButtonClick" }
  ],
  redial: [{ label: "Call again", event: "makeCallButtonClick" }]
};
var EVENTS_OUTSIDE_BUTTONS = ["addCommentButtonClick", "entityChanged", "closeButtonClick"];
var DIAL_KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"];
var QUALITY_RATINGS = [1, 2, 3, 4, 5];

// machines/callCard.guards.ts
var BUSY_SIP_CODES = [486, 600, 603];
var NO_FUNDS_SIP_CODE = 402;
function numberToDial(context) {
  return context.entity?.phoneNumber ?? context.call?.phoneNumber ?? null;
}
var callCardGuards = {
  isCallListMode: ({ event }) => event.type === "initialized" && event.call.callListMode,
  isIncomingCall: ({ event }) => event.type === "initialized" && event.call.direction === "incoming",
  isIncomingTransfer: ({ event }) => event.type === "initialized" && event.call.direction === "incomingTransfer",
  isOutgoingCall: ({ event }) => event.type === "initialized" && event.call.direction === "outgoing",
  isCallback: ({ event }) => event.type === "initialized" && event.call.direction === "callback",
  knowsNumberToDial: ({ context }) => numberToDial(context) !== null,
  asksMuted: ({ event }) => event.type === "muteButtonClick" && event.muted,
  asksHeld: ({ event }) => event.type === "holdButtonClick" && event.held,
  reportsMuted: ({ event }) => event.type === "phone.mutedChanged" && event.muted,
  reportsHeld: ({ event }) => event.type === "phone.heldChanged" && event.held,
  isDialKey: ({ event }) => event.type === "dialpadButtonClick" && DIAL_KEYS.includes(event.key),
  isRating: ({ event }) => event.type === "qualityMeterClick" && Number.isInteger(event.rating) && event.rating >= 1 && event.rating <= 5,
  hasTransferTarget: ({ event }) => event.type === "transferButtonClick" && event.transfer.target.trim() !== "",
  isBusy: ({ event }) => event.type === "phone.failed" && event.code !== null && BUSY_SIP_CODES.includes(event.code),
  isNoFunds: ({ event }) => event.type === "phone.failed" && event.code === NO_FUNDS_SIP_CODE
};

// machines/callCard.setup.ts
var MAX_DTMF_KEPT = 256;
function idleContext(cycle) {
  return {
    cycle,
    call: null,
    entity: null,
    uiState: null,
    comments: [],
    rating: null,
    dtmf: "",
    transfer: null,
    failureCode: null,
    openedAt: null,
    connectedAt: null
  };
}
function toCard(context, command) {
  return { type: "card.command", cycle: context.cycle, command };
}
function toSoftphone(context, command) {
  return { type: "softphone.command", cycle: context.cycle, command };
}
function summarise(context, endedBy) {
  const closedAt = Date.now();
  return {
    cycle: context.cycle,
    callId: context.call?.callId ?? "",
    phoneNumber: numberToDial(context),
    crmEntity: context.entity?.crmEntity ?? context.call?.crmEntity ?? null,
    direction: context.call?.direction ?? null,
    comments: context.comments,
    rating: context.rating,
    dtmf: context.dtmf,
    transferTarget: context.transfer,
    endedBy,
    lastUiState: context.uiState,
    failureCode: context.failureCode,
    connected: context.connectedAt !== null,
    openedAt: context.openedAt ?? closedAt,
    connectedAt: context.connectedAt,
    closedAt
  };
}
var callIdOf = (context) => context.call?.callId ?? "";
var callCardSetup = setup({
  types: {
    context: {},
    events: {},
    emitted: {}
  },
  guards: callCardGuards,
  actions: {
    /** Keeps the new call's data, and an `entityChanged` that arrived before it. */
    openCall: assign(
      ({ context, event }) => event.type === "initialized" ? { ...idleContext(context.cycle + 1), call: event.call, entity: context.entity, openedAt: Date.now() } : {}
    ),
    keepEntity: assign(({ event }) => event.type === "entityChanged" ? { entity: event.entity } : {}),
    /** Keeps the comment for the summary and hands it to the integrator's comment hook. */
    keepComment: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "addCommentButtonClick") return;
      enqueue.assign({ comments: [...context.comments, event.text] });
      enqueue.emit({ type: "call.comment", callId: callIdOf(context), text: event.text });
    }),
    keepRating: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "qualityMeterClick") return;
      enqueue.assign({ rating: event.rating });
      enqueue.emit({ type: "call.rating", callId: callIdOf(context), rating: event.rating });
    }),
    markConnected: assign(({ context }) => ({ connectedAt: context.connectedAt ?? Date.now() })),
    recordFailure: assign(({ event }) => event.type === "phone.failed" ? { failureCode: event.code } : {}),
    /** Hands the call's summary to the integrator, then forgets the call. */
    endCall: enqueueActions(({ context, enqueue }, params) => {
      enqueue.emit({ type: "call.summary", summary: summarise(context, params.endedBy) });
      enqueue.assign(idleContext(context.cycle));
    }),
    notifyAdmin: emit(({ context }) => ({ type: "call.notifyAdmin", callId: callIdOf(context) })),
    nextInCallList: emit(({ context }) => ({ type: "call.next", callId: callIdOf(context) })),
    // What the card is told.
    showUiState: enqueueActions(({ context, enqueue }, params) => {
      enqueue.assign({ uiState: params.uiState });
      enqueue.emit(toCard(context, { command: "CallCardSetUiState", params: { uiState: params.uiState } }));
    }),
    closeCard: emit(({ context }) => toCard(context, { command: "CallCardClose", params: {} })),
    showMute: emit(
      ({ context, event }) => toCard(context, { command: "CallCardSetMute", params: { muted: event.type === "phone.mutedChanged" && event.muted } })
    ),
    showHold: emit(
      ({ context, event }) => toCard(context, { command: "CallCardSetHold", params: { held: event.type === "phone.heldChanged" && event.held } })
    ),
    // What the softphone is told.
    answerCall: emit(({ context }) => toSoftphone(context, { method: "answer" })),
    rejectCall: emit(({ context }) => toSoftphone(context, { method: "reject" })),
    hangUp: emit(({ context }) => toSoftphone(context, { method: "hangup" })),
    dialNumber: emit(({ context }) => toSoftphone(context, { method: "call", phoneNumber: numberToDial(context) ?? "" })),
    muteSoftphone: emit(
      ({ context, event }) => toSoftphone(context, { method: "mute", muted: event.type === "muteButtonClick" && event.muted })
    ),
    holdSoftphone: emit(
      ({ context, event }) => toSoftphone(context, { method: "hold", held: event.type === "holdButtonClick" && event.held })
    ),
    sendDtmf: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "dialpadButtonClick") return;
      enqueue.assign({ dtmf: (context.dtmf + event.key).slice(-MAX_DTMF_KEPT) });
      enqueue.emit(toSoftphone(context, { method: "sendDtmf", key: event.key }));
    }),
    startTransfer: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "transferButtonClick") return;
      enqueue.assign({ transfer: event.transfer });
      enqueue.emit(toSoftphone(context, { method: "startTransfer", target: event.transfer }));
    }),
    completeTransfer: emit(({ context }) => toSoftphone(context, { method: "completeTransfer" })),
    cancelTransfer: emit(({ context }) => toSoftphone(context, { method: "cancelTransfer" }))
  }
});

// machines/callCard.machine.ts
var whileCallIsLive = {
  closeButtonClick: {
    target: "#callCard.waiting",
    actions: ["hangUp", { type: "endCall", params: { endedBy: "closedByOperator" } }],
    meta: { requirements: ["SC-B14"] }
  },
  "phone.ended": {
    target: "#callCard.waiting",
    actions: ["closeCard", { type: "endCall", params: { endedBy: "remoteHungUp" } }],
    meta: { requirements: ["SC-P2"] }
  },
  "phone.failed": [
    { guard: "isNoFunds", target: "moneyError", actions: "recordFailure", meta: { requirements: ["SC-P4"] } },
    { target: "error", actions: "recordFailure", meta: { requirements: ["SC-P5"] } }
  ],
  "card.lost": {
    target: "#callCard.waiting",
    actions: ["hangUp", { type: "endCall", params: { endedBy: "cardLost" } }],
    meta: { requirements: ["SC-L4"] }
  }
};
var callCardMachine = callCardSetup.createMachine({
  id: "callCard",
  context: idleContext(0),
  initial: "waiting",
  states: {
    waiting: {
      description: "No card. entityChanged may come before initialized and is kept.",
      on: {
        initialized: [
          { guard: "isCallListMode", target: "open.outgoing", actions: "openCall", meta: { requirements: ["SC-L1"] } },
          { guard: "isIncomingCall", target: "open.incoming", actions: "openCall", meta: { requirements: ["SC-L1"] } },
          { guard: "isIncomingTransfer", target: "open.transferIncoming", actions: "openCall", meta: { requirements: ["SC-L1"] } },
          { guard: "isOutgoingCall", target: "open.connectingOutgoing", actions: "openCall", meta: { requirements: ["SC-L1"] } },
          { guard: "isCallback", target: "open.outgoing", actions: "openCall", meta: { requirements: ["SC-L1"] } },
          { target: "open.error", actions: "openCall", meta: { requirements: ["SC-L1"] } }
        ],
        entityChanged: { actions: "keepEntity", meta: { requirements: ["SC-L3", "SC-B16"] } }
      }
    },
    open: {
      description: "A card is shown; its UI state is one of the 12 children.",
      // Every way in names its UI state; should anything target `open` bare, the operator can still close.
      initial: "error",
      on: {
        closeButtonClick: {
          target: "waiting",
          actions: { type: "endCall", params: { endedBy: "closedByOperator" } },
          meta: { requirements: ["SC-B14"] }
        },
        addCommentButtonClick: { actions: "keepComment", meta: { requirements: ["SC-B15"] } },
        entityChanged: { actions: "keepEntity", meta: { requirements: ["SC-B16"] } },
        "card.lost": { target: "waiting", actions: { type: "endCall", params: { endedBy: "cardLost" } }, meta: { requirements: ["SC-L4"] } },
        // The host replaced the card with a new call's: the old call's summary goes out, the new one opens.
        initialized: [
          { guard: "isCallListMode", target: ".outgoing", actions: [{ type: "endCall", params: { endedBy: "replaced" } }, "openCall"], meta: { requirements: ["SC-L4", "SC-L1"] } },
          { guard: "isIncomingCall", target: ".incoming", actions: [{ type: "endCall", params: { endedBy: "replaced" } }, "openCall"], meta: { requirements: ["SC-L4", "SC-L1"] } },
          { guard: "isIncomingTransfer", target: ".transferIncoming", actions: [{ type: "endCall", params: { endedBy: "replaced" } }, "openCall"], meta: { requirements: ["SC-L4", "SC-L1"] } },
          { guard: "isOutgoingCall", target: ".connectingOutgoing", actions: [{ type: "endCall", params: { endedBy: "replaced" } }, "openCall"], meta: { requirements: ["SC-L4", "SC-L1"] } },
          { guard: "isCallback", target: ".outgoing", actions: [{ type: "endCall", params: { endedBy: "replaced" } }, "openCall"], meta: { requirements: ["SC-L4", "SC-L1"] } },
          { target: ".error", actions: [{ type: "endCall", params: { endedBy: "replaced" } }, "openCall"], meta: { requirements: ["SC-L4", "SC-L1"] } }
        ]
      },
      states: {
        incoming: {
          description: "An incoming call to accept.",
          entry: { type: "showUiState", params: { uiState: "incoming" } },
          meta: { requirements: ["HB-01", "SC-L2"] },
          on: {
            ...whileCallIsLive,
            answerButtonClick: { target: "connectingIncoming", actions: "answerCall", meta: { requirements: ["SC-B01"] } },
            skipButtonClick: {
              target: "#callCard.waiting",
              actions: ["rejectCall", "closeCard", { type: "endCall", params: { endedBy: "skipped" } }],
              meta: { requirements: ["SC-B02"] }
            }
          }
        },
        transferIncoming: {
          description: "A call transferred to this operator.",
          entry: { type: "showUiState", params: { uiState: "transferIncoming" } },
          meta: { requirements: ["HB-02", "SC-L2"] },
          on: {
            ...whileCallIsLive,
            answerButtonClick: { target: "connectingIncoming", actions: "answerCall", meta: { requirements: ["SC-B01"] } },
            skipButtonClick: {
              target: "#callCard.waiting",
              actions: ["rejectCall", "closeCard", { type: "endCall", params: { endedBy: "skipped" } }],
              meta: { requirements: ["SC-B02"] }
            }
          }
        },
        outgoing: {
          description: "The outgoing call card before dialling (callback, call list).",
          entry: { type: "showUiState", params: { uiState: "outgoing" } },
          meta: { requirements: ["HB-03", "SC-L2"] },
          on: {
            makeCallButtonClick: {
              guard: "knowsNumberToDial",
              target: "connectingOutgoing",
              actions: "dialNumber",
              meta: { requirements: ["SC-B03"] }
            },
            nextButtonClick: { actions: "nextInCallList", meta: { requirements: ["SC-B04"] } }
          }
        },
        connectingIncoming: {
          description: "While an incoming call connects.",
          entry: { type: "showUiState", params: { uiState: "connectingIncoming" } },
          meta: { requirements: ["HB-04", "SC-L2"] },
          on: {
            ...whileCallIsLive,
            hangupButtonClick: {
              target: "#callCard.waiting",
              actions: ["hangUp", "closeCard", { type: "endCall", params: { endedBy: "hungUp" } }],
              meta: { requirements: ["SC-B05"] }
            },
            "phone.connected": { target: "connected", meta: { requirements: ["SC-P1"] } }
          }
        },
        connectingOutgoing: {
          description: "While an outgoing call connects.",
          entry: { type: "showUiState", params: { uiState: "connectingOutgoing" } },
          meta: { requirements: ["HB-05", "SC-L2"] },
          on: {
            ...whileCallIsLive,
            hangupButtonClick: {
              target: "#callCard.waiting",
              actions: ["hangUp", "closeCard", { type: "endCall", params: { endedBy: "hungUp" } }],
              meta: { requirements: ["SC-B05"] }
            },
            "phone.connected": { target: "connected", meta: { requirements: ["SC-P1"] } },
            "phone.failed": [
              { guard: "isBusy", target: "redial", actions: "recordFailure", meta: { requirements: ["SC-P3"] } },
              { guard: "isNoFunds", target: "moneyError", actions: "recordFailure", meta: { requirements: ["SC-P4"] } },
              { target: "error", actions: "recordFailure", meta: { requirements: ["SC-P5"] } }
            ]
          }
        },
        connected: {
          description: "The conversation. Microphone and hold are independent regions.",
          type: "parallel",
          entry: [{ type: "showUiState", params: { uiState: "connected" } }, "markConnected"],
          meta: { requirements: ["HB-06", "SC-L2"] },
          on: {
            ...whileCallIsLive,
            hangupButtonClick: {
              target: "#callCard.waiting",
              actions: ["hangUp", "closeCard", { type: "endCall", params: { endedBy: "hungUp" } }],
              meta: { requirements: ["SC-B05"] }
            },
            dialpadButtonClick: { guard: "isDialKey", actions: "sendDtmf", meta: { requirements: ["SC-B08"] } },
            qualityMeterClick: { guard: "isRating", actions: "keepRating", meta: { requirements: ["SC-B09"] } },
            transferButtonClick: {
              guard: "hasTransferTarget",
              target: "transferring",
              actions: "startTransfer",
              meta: { requirements: ["SC-B10"] }
            }
          },
          states: {
            microphone: {
              initial: "unmuted",
              on: {
                muteButtonClick: [
                  { guard: "asksMuted", target: ".muted", actions: "muteSoftphone", meta: { requirements: ["SC-B06"] } },
                  { target: ".unmuted", actions: "muteSoftphone", meta: { requirements: ["SC-B06"] } }
                ],
                "phone.mutedChanged": [
                  { guard: "reportsMuted", target: ".muted", actions: "showMute", meta: { requirements: ["SC-P8"] } },
                  { target: ".unmuted", actions: "showMute", meta: { requirements: ["SC-P8"] } }
                ]
              },
              states: { unmuted: {}, muted: {} }
            },
            hold: {
              initial: "resumed",
              on: {
                holdButtonClick: [
                  { guard: "asksHeld", target: ".held", actions: "holdSoftphone", meta: { requirements: ["SC-B07"] } },
                  { target: ".resumed", actions: "holdSoftphone", meta: { requirements: ["SC-B07"] } }
                ],
                "phone.heldChanged": [
                  { guard: "reportsHeld", target: ".held", actions: "showHold", meta: { requirements: ["SC-P8"] } },
                  { target: ".resumed", actions: "showHold", meta: { requirements: ["SC-P8"] } }
                ]
              },
              states: { resumed: {}, held: {} }
            },
            // Returning from a transfer restores the microphone and hold the call had.
            previous: { type: "history", history: "deep" }
          }
        },
        transferring: {
          description: "Confirming a transfer to another operator.",
          entry: { type: "showUiState", params: { uiState: "transferring" } },
          meta: { requirements: ["HB-07", "SC-L2"] },
          on: {
            ...whileCallIsLive,
            completeTransferButtonClick: { actions: "completeTransfer", meta: { requirements: ["SC-B11"] } },
            cancelTransferButtonClick: { target: "connected.previous", actions: "cancelTransfer", meta: { requirements: ["SC-B12"] } },
            "phone.transferSucceeded": { target: "transferConnected", meta: { requirements: ["SC-P6"] } },
            "phone.transferFailed": { target: "transferFailed", meta: { requirements: ["SC-P7"] } }
          }
        },
        transferFailed: {
          description: "The transfer failed.",
          entry: { type: "showUiState", params: { uiState: "transferFailed" } },
          meta: { requirements: ["HB-08", "SC-L2"] },
          on: {
            ...whileCallIsLive,
            cancelTransferButtonClick: { target: "connected.previous", actions: "cancelTransfer", meta: { requirements: ["SC-B12"] } }
          }
        },
        transferConnected: {
          description: "The transfer succeeded; the operator leaves the card.",
          entry: { type: "showUiState", params: { uiState: "transferConnected" } },
          meta: { requirements: ["HB-09", "SC-L2"] },
          on: {
            ...whileCallIsLive,
            hangupButtonClick: {
              target: "#callCard.waiting",
              actions: ["hangUp", "closeCard", { type: "endCall", params: { endedBy: "hungUp" } }],
              meta: { requirements: ["SC-B05"] }
            }
          }
        },
        error: {
          description: "An error occurred; only Close remains.",
          entry: { type: "showUiState", params: { uiState: "error" } },
          meta: { requirements: ["HB-10", "SC-L2"] }
        },
        moneyError: {
          description: "The account ran out of funds.",
          entry: { type: "showUiState", params: { uiState: "moneyError" } },
          meta: { requirements: ["HB-11", "SC-L2"] },
          on: {
            notifyAdminButtonClick: { actions: "notifyAdmin", meta: { requirements: ["SC-B13"] } }
          }
        },
        redial: {
          description: "The callee was busy; call again without hiding the card.",
          entry: { type: "showUiState", params: { uiState: "redial" } },
          meta: { requirements: ["HB-12", "SC-L2"] },
          on: {
            makeCallButtonClick: {
              guard: "knowsNumberToDial",
              target: "connectingOutgoing",
              actions: "dialNumber",
              meta: { requirements: ["SC-B03"] }
            }
          }
        }
      }
    }
  }
});

// machines/events.ts
var CALL_DIRECTIONS = ["incoming", "incomingTransfer", "outgoing", "callback"];
var CRM_ENTITY_TYPES = ["LEAD", "CONTACT", "COMPANY", "DEAL"];
var PHONE_EVENT_TYPES = [
  "phone.connected",
  "phone.ended",
  "phone.failed",
  "phone.transferSucceeded",
  "phone.transferFailed",
  "phone.heldChanged",
  "phone.mutedChanged"
];

// machines/parse.ts
var WHOLE_PAYLOAD = "(payload)";
function rejected(event, field2, received, expected) {
  return {
    kind: "rejectedPayload",
    event,
    field: field2,
    received,
    message: `${event}: ${field2} must be ${expected}, received ${describeValue(received)}`
  };
}
function accept(event, warnings = []) {
  return { ok: true, event, warnings };
}
function reject(event, field2, received, expected) {
  return { ok: false, diagnostic: rejected(event, field2, received, expected) };
}
function field(record, key) {
  if (typeof record !== "object" || record === null) return void 0;
  try {
    const descriptor = Object.getOwnPropertyDescriptor(record, key);
    return descriptor && "value" in descriptor ? descriptor.value : void 0;
  } catch {
    return void 0;
  }
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function oneOf(values, value) {
  return typeof value === "string" && values.includes(value);
}
function toId(value) {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^\d{1,15}$/.test(value)) return Number(value);
  return null;
}
function phoneNumber(value) {
  if (value === void 0 || value === null || value === "") return { phoneNumber: null, phoneNumberState: "absent" };
  if (value === "hidden" || value === "unknown") return { phoneNumber: null, phoneNumberState: value };
  if (typeof value === "string") return { phoneNumber: value, phoneNumberState: "known" };
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return { phoneNumber: String(value), phoneNumberState: "known" };
  return null;
}
function crmEntity(type, id) {
  const noType = type === void 0 || type === null || type === "";
  const numericId = id === void 0 || id === null || id === "" ? 0 : toId(id);
  if (numericId === null) return void 0;
  if (noType) return numericId === 0 ? null : void 0;
  if (!oneOf(CRM_ENTITY_TYPES, type)) return void 0;
  return numericId === 0 ? null : { type, id: numericId };
}
var ENTITY_EXPECTED = `one of ${CRM_ENTITY_TYPES.join(", ")} or "" with a whole id`;
function text(value) {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}
function parseInitialized(payload) {
  const name = "initialized";
  const warnings = [];
  const warn = (fieldName, received, expected) => warnings.push(rejected(name, fieldName, received, expected));
  if (!isRecord(payload)) warn(WHOLE_PAYLOAD, payload, "an object with the call data");
  const read = (key) => field(payload, key);
  const optionalText = (key) => {
    const raw = read(key);
    if (raw === void 0 || raw === null) return "";
    const value = text(raw);
    if (value === null) warn(key, raw, "a string");
    return value ?? "";
  };
  const callId = optionalText("CALL_ID");
  let phone = phoneNumber(read("PHONE_NUMBER"));
  if (phone === null) {
    warn("PHONE_NUMBER", read("PHONE_NUMBER"), 'a string, absent, "hidden" or "unknown"');
    phone = { phoneNumber: null, phoneNumberState: "absent" };
  }
  let entity = crmEntity(read("CRM_ENTITY_TYPE"), read("CRM_ENTITY_ID"));
  if (entity === void 0) {
    warn("CRM_ENTITY_TYPE", { CRM_ENTITY_TYPE: read("CRM_ENTITY_TYPE"), CRM_ENTITY_ID: read("CRM_ENTITY_ID") }, ENTITY_EXPECTED);
    entity = null;
  }
  const rawActivity = read("CRM_ACTIVITY_ID");
  let crmActivityId = null;
  if (rawActivity !== void 0 && rawActivity !== null && rawActivity !== "") {
    crmActivityId = toId(rawActivity);
    if (crmActivityId === null) warn("CRM_ACTIVITY_ID", rawActivity, 'a whole id, "" or absent');
  }
  const rawBindings = read("CRM_BINDINGS");
  const crmBindings = [];
  if (Array.isArray(rawBindings)) {
    for (const binding of rawBindings) {
      const bound = isRecord(binding) ? crmEntity(field(binding, "ENTITY_TYPE"), field(binding, "ENTITY_ID")) : void 0;
      if (bound) crmBindings.push(bound);
      else if (bound === void 0) warn("CRM_BINDINGS", binding, `{ENTITY_TYPE, ENTITY_ID} with ${ENTITY_EXPECTED}`);
    }
  } else if (rawBindings !== void 0 && rawBindings !== null) {
    warn("CRM_BINDINGS", rawBindings, "an array of {ENTITY_TYPE, ENTITY_ID}");
  }
  const rawDirection = read("CALL_DIRECTION");
  const direction = oneOf(CALL_DIRECTIONS, rawDirection) ? rawDirection : null;
  if (direction === null && isRecord(payload)) warn("CALL_DIRECTION", rawDirection, `one of ${CALL_DIRECTIONS.join(", ")}`);
  const rawState = read("CALL_STATE");
  const callState = oneOf(["idle", "connecting", "connected"], rawState) ? rawState : null;
  if (callState === null && rawState !== void 0) warn("CALL_STATE", rawState, "idle, connecting or connected");
  const rawListMode = read("CALL_LIST_MODE");
  if (rawListMode !== void 0 && typeof rawListMode !== "boolean") warn("CALL_LIST_MODE", rawListMode, "a boolean");
  const call = {
    callId,
    ...phone,
    lineNumber: optionalText("LINE_NUMBER"),
    lineName: optionalText("LINE_NAME"),
    crmEntity: entity,
    crmActivityId,
    crmBindings,
    direction,
    rawDirection,
    callState,
    callListMode: rawListMode === true
  };
  return accept({ type: name, call }, warnings);
}
function parseEntityChanged(payload) {
  const name = "entityChanged";
  if (!isRecord(payload)) return reject(name, WHOLE_PAYLOAD, payload, "an object {PHONE_NUMBER, CRM_ENTITY_TYPE, CRM_ENTITY_ID}");
  const phone = phoneNumber(field(payload, "PHONE_NUMBER"));
  if (phone === null) return reject(name, "PHONE_NUMBER", field(payload, "PHONE_NUMBER"), 'a string, "hidden" or "unknown"');
  const entity = crmEntity(field(payload, "CRM_ENTITY_TYPE"), field(payload, "CRM_ENTITY_ID"));
  if (entity === void 0) {
    return reject(name, "CRM_ENTITY_TYPE", { CRM_ENTITY_TYPE: field(payload, "CRM_ENTITY_TYPE"), CRM_ENTITY_ID: field(payload, "CRM_ENTITY_ID") }, ENTITY_EXPECTED);
  }
  const info = { ...phone, crmEntity: entity };
  return accept({ type: name, entity: info });
}
function parseBoolean(name, key) {
  return (payload) => typeof payload === "boolean" ? accept({ type: name, [key]: payload }) : reject(name, key, payload, "a boolean");
}
var TRANSFER_KINDS = ["user", "queue", "pstn"];
function parseTransfer(payload) {
  const name = "transferButtonClick";
  if (!isRecord(payload)) return reject(name, WHOLE_PAYLOAD, payload, "an object {phoneNumber, target} or {type, target}");
  const rawTarget = field(payload, "target");
  const target = text(rawTarget);
  if (target === null || target.trim() === "") return reject(name, "target", rawTarget, "a non-empty employee id or phone number");
  const rawKind = field(payload, "type");
  if (rawKind !== void 0 && !oneOf(TRANSFER_KINDS, rawKind)) return reject(name, "type", rawKind, "user, queue or pstn");
  const rawNumber = field(payload, "phoneNumber");
  const phone = rawNumber === void 0 || rawNumber === null || rawNumber === "" ? null : text(rawNumber);
  if (phone === null && rawNumber !== void 0 && rawNumber !== null && rawNumber !== "") return reject(name, "phoneNumber", rawNumber, "a string");
  const transfer = { target, kind: rawKind ?? null, phoneNumber: phone };
  return accept({ type: name, transfer });
}
function parseQuality(payload) {
  const rating = typeof payload === "string" && /^[1-5]$/.test(payload) ? Number(payload) : payload;
  return typeof rating === "number" && Number.isInteger(rating) && rating >= 1 && rating <= 5 ? accept({ type: "qualityMeterClick", rating }) : reject("qualityMeterClick", "rating", payload, 'an integer 1 to 5, or "1" to "5"');
}
function parseDialKey(payload) {
  return oneOf(DIAL_KEYS, payload) ? accept({ type: "dialpadButtonClick", key: payload }) : reject("dialpadButtonClick", "key", payload, 'one of "0"\u2013"9", "*", "#"');
}
function parseComment(payload) {
  return typeof payload === "string" ? accept({ type: "addCommentButtonClick", text: payload }) : reject("addCommentButtonClick", "text", payload, "a string");
}
function bare(name) {
  return () => accept({ type: name });
}
var CARD_EVENT_PARSERS = {
  initialized: parseInitialized,
  addCommentButtonClick: parseComment,
  muteButtonClick: parseBoolean("muteButtonClick", "muted"),
  holdButtonClick: parseBoolean("holdButtonClick", "held"),
  closeButtonClick: bare("closeButtonClick"),
  transferButtonClick: parseTransfer,
  cancelTransferButtonClick: bare("cancelTransferButtonClick"),
  completeTransferButtonClick: bare("completeTransferButtonClick"),
  hangupButtonClick: bare("hangupButtonClick"),
  nextButtonClick: bare("nextButtonClick"),
  skipButtonClick: bare("skipButtonClick"),
  answerButtonClick: bare("answerButtonClick"),
  entityChanged: parseEntityChanged,
  makeCallButtonClick: bare("makeCallButtonClick"),
  qualityMeterClick: parseQuality,
  dialpadButtonClick: parseDialKey,
  notifyAdminButtonClick: bare("notifyAdminButtonClick")
};
function parseCardEvent(name, payload) {
  return CARD_EVENT_PARSERS[name](payload);
}
function sipCode(value) {
  if (value === void 0 || value === null) return null;
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^\d{1,6}$/.test(value)) return Number(value);
  return void 0;
}
function parsePhoneEvent(input) {
  const type = field(input, "type");
  if (!oneOf(PHONE_EVENT_TYPES, type)) {
    return reject(typeof type === "string" ? type : "phone", "type", type, `one of ${PHONE_EVENT_TYPES.join(", ")}`);
  }
  switch (type) {
    case "phone.failed":
    case "phone.transferFailed": {
      const code = sipCode(field(input, "code"));
      return code === void 0 ? reject(type, "code", field(input, "code"), "a SIP status number or absent") : accept({ type, code });
    }
    case "phone.heldChanged": {
      const held = field(input, "held");
      return typeof held === "boolean" ? accept({ type, held }) : reject(type, "held", held, "a boolean");
    }
    case "phone.mutedChanged": {
      const muted = field(input, "muted");
      return typeof muted === "boolean" ? accept({ type, muted }) : reject(type, "muted", muted, "a boolean");
    }
    default:
      return accept({ type });
  }
}

// protocol/events.ts
var CARD_EVENT_NAMES = [
  "initialized",
  "addCommentButtonClick",
  "muteButtonClick",
  "holdButtonClick",
  "closeButtonClick",
  "transferButtonClick",
  "cancelTransferButtonClick",
  "completeTransferButtonClick",
  "hangupButtonClick",
  "nextButtonClick",
  "skipButtonClick",
  "answerButtonClick",
  "entityChanged",
  "makeCallButtonClick",
  "qualityMeterClick",
  "dialpadButtonClick",
  "notifyAdminButtonClick"
];
var CARD_EVENT_PREFIX = "BackgroundCallCard::";
function hostEventName(name) {
  return `${CARD_EVENT_PREFIX}${name}`;
}
function isCardEventName(value) {
  return typeof value === "string" && CARD_EVENT_NAMES.includes(value);
}

// protocol/uiStates.ts
var UI_STATES = [
  "incoming",
  "transferIncoming",
  "outgoing",
  "connectingIncoming",
  "connectingOutgoing",
  "connected",
  "transferring",
  "transferFailed",
  "transferConnected",
  "error",
  "moneyError",
  "redial"
];
var INTERNAL_UI_STATES = ["idle", "sipPhoneError", "externalCard"];
function isUiState(value) {
  return typeof value === "string" && UI_STATES.includes(value);
}

// adapters/callCardView.ts
function uiStateOf(snapshot) {
  const value = snapshot.value;
  if (typeof value !== "object" || value === null) return null;
  const open = value.open;
  const name = typeof open === "string" ? open : typeof open === "object" && open !== null ? Object.keys(open)[0] : void 0;
  return isUiState(name) ? name : null;
}
function viewOf(snapshot) {
  const uiState = uiStateOf(snapshot);
  const connected = uiState === "connected";
  return {
    status: uiState === null ? "waiting" : "open",
    uiState,
    muted: connected ? snapshot.matches({ open: { connected: { microphone: "muted" } } }) : null,
    held: connected ? snapshot.matches({ open: { connected: { hold: "held" } } }) : null,
    call: snapshot.context.call,
    path: uiState === null ? "waiting" : `open.${uiState}`
  };
}

// protocol/commands.ts
var CARD_COMMAND_NAMES = [
  "CallCardSetUiState",
  "CallCardGetListUiStates",
  "CallCardSetMute",
  "CallCardSetHold",
  "CallCardSetCardTitle",
  "CallCardSetStatusText",
  "CallCardStartTimer",
  "CallCardStopTimer",
  "CallCardClose"
];
var UNANSWERED_IN_BROWSER = ["CallCardStartTimer", "CallCardStopTimer"];
var NO_CARD_ERROR = "Call card is undefined";
var INVALID_UI_STATE_ERROR = "Invalid ui state";

// adapters/commandResult.ts
var UNKNOWN_ERROR_CODE = "Unknown error";
var UNREADABLE_RESULT_CODE = "Unreadable result";
var MAX_ERROR_CODE_LENGTH = 200;
function normaliseCommandResult(raw) {
  try {
    if (Array.isArray(raw)) {
      const length = raw.length;
      for (let index = 0; index < length; index += 1) {
        const failure2 = asFailure(ownValue(raw, index));
        if (failure2) return failure2;
      }
      return { ok: true, value: raw };
    }
    return asFailure(raw) ?? { ok: true, value: raw };
  } catch (error) {
    return { ok: false, errorCode: boundCode(`${UNREADABLE_RESULT_CODE}: ${describeThrown(error)}`) };
  }
}
function describeThrown(error) {
  try {
    return describeError(error);
  } catch {
    return "an undescribable value";
  }
}
function asFailure(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return void 0;
  if (ownValue(value, "result") !== "error") return void 0;
  return { ok: false, errorCode: readableCode(ownValue(value, "errorCode")) };
}
function readableCode(code) {
  if (typeof code === "string") return code.trim() === "" ? `${UNKNOWN_ERROR_CODE} (empty errorCode)` : boundCode(code);
  if (code === void 0) return UNKNOWN_ERROR_CODE;
  return boundCode(`${UNKNOWN_ERROR_CODE} (errorCode: ${describeValue(code)})`);
}
function boundCode(code) {
  return code.length > MAX_ERROR_CODE_LENGTH ? `${code.slice(0, MAX_ERROR_CODE_LENGTH)}\u2026 (${code.length} chars)` : code;
}
function ownValue(target, key) {
  return Object.prototype.hasOwnProperty.call(target, key) ? target[key] : void 0;
}

// adapters/commandQueue.ts
var DEFAULT_COMMAND_TIMEOUT_MS = 5e3;
function createCommandQueue(options) {
  const { placement } = options;
  const timeoutMs = normaliseTimeout(options.timeoutMs);
  let queue = [];
  let inFlight = null;
  let currentCard = null;
  const goneCards = /* @__PURE__ */ new Map();
  let idleWaiters = [];
  let pumping = false;
  let disposed = false;
  const report = (diagnostic) => {
    try {
      options.report(diagnostic);
    } catch {
    }
  };
  function dropReasonFor(entry) {
    if (entry.cardId === void 0) return null;
    const gone = goneCards.get(entry.cardId);
    if (gone === "lost" || gone === "closed" && entry.command.command !== "CallCardClose") return "cardGone";
    return entry.cardId === currentCard ? null : "staleCall";
  }
  function drop(entry, reason, why) {
    const { command, params } = entry.command;
    report({ kind: "commandDropped", command, params, reason, message: `${command} was not sent: ${why}.` });
    settle(entry, { status: "dropped", reason });
  }
  function dropMessage(entry, reason) {
    if (reason === "staleCall") return `it was meant for card ${entry.cardId}, and the current card is ${currentCard ?? "none"}`;
    if (reason === "cardGone") return `card ${entry.cardId} is gone`;
    return "the queue was disposed";
  }
  function purge() {
    const dropped = [];
    queue = queue.filter((entry) => {
      const reason = dropReasonFor(entry);
      if (reason) dropped.push([entry, reason]);
      return reason === null;
    });
    for (const [entry, reason] of dropped) drop(entry, reason, dropMessage(entry, reason));
    pump();
  }
  function settle(entry, outcome) {
    if (entry.settled) return;
    entry.settled = true;
    if (entry.timer !== void 0) clearTimeout(entry.timer);
    entry.timer = void 0;
    if (inFlight === entry) inFlight = null;
    entry.resolve(outcome);
    pump();
  }
  function pump() {
    if (pumping || disposed) return;
    pumping = true;
    try {
      while (inFlight === null && !disposed) {
        const entry = queue.shift();
        if (!entry) break;
        const reason = dropReasonFor(entry);
        if (reason) drop(entry, reason, dropMessage(entry, reason));
        else send(entry);
      }
    } finally {
      pumping = false;
    }
    if (inFlight === null && queue.length === 0) wakeIdleWaiters();
  }
  function send(entry) {
    const { command, params } = entry.command;
    const awaited = !UNANSWERED_IN_BROWSER.includes(command);
    if (awaited) {
      inFlight = entry;
      entry.timer = setTimeout(() => onTimeout(entry), timeoutMs);
    }
    try {
      placement.call(command, params, (result) => onAnswer(entry, result));
    } catch (error) {
      if (!entry.settled) drop(entry, "hostThrew", `placement.call threw ${describeError(error)}`);
    }
    if (!awaited && !entry.settled) settle(entry, { status: "notAwaited" });
  }
  function onTimeout(entry) {
    entry.timer = void 0;
    if (entry.settled || disposed) return;
    const { command, params } = entry.command;
    report({ kind: "commandTimedOut", command, params, timeoutMs, message: `${command} got no answer within ${timeoutMs} ms; the queue moved on.` });
    settle(entry, { status: "timedOut" });
  }
  function onAnswer(entry, raw) {
    if (disposed) return;
    entry.answers += 1;
    const { command, params } = entry.command;
    if (entry.answers > 1) {
      if (entry.answers === 2) {
        report({ kind: "duplicateCallback", command, result: raw, message: `${command} was answered again (${describeValue(raw)}); the later answer was ignored.` });
      }
      return;
    }
    const result = normaliseCommandResult(raw);
    if (!result.ok) {
      report({ kind: "commandFailed", command, params, errorCode: result.errorCode, result: raw, message: `${command} failed: ${describeValue(result.errorCode)}.` });
      if (result.errorCode === NO_CARD_ERROR) onNoCard(entry);
    }
    settle(entry, result.ok ? { status: "ok", value: result.value } : { status: "failed", errorCode: result.errorCode });
  }
  function onNoCard(entry) {
    const { cardId } = entry;
    const { command } = entry.command;
    if (command === "CallCardClose" || cardId === void 0 || cardId !== currentCard || goneCards.has(cardId)) return;
    goneCards.set(cardId, "lost");
    report({ kind: "cardLost", command, message: `The host answered "${NO_CARD_ERROR}" to ${command}: card ${cardId} is gone, and its queued commands were dropped.` });
    purge();
    try {
      options.onCardLost?.(command);
    } catch {
    }
  }
  function wakeIdleWaiters() {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  }
  return {
    enqueue(command, cardId) {
      return new Promise((resolve) => {
        const entry = { command, cardId, resolve, settled: false, answers: 0, timer: void 0 };
        if (disposed) {
          drop(entry, "disposed", dropMessage(entry, "disposed"));
          return;
        }
        queue.push(entry);
        pump();
      });
    },
    setCurrentCard(cardId) {
      if (disposed) return;
      currentCard = cardId;
      purge();
      for (const id of goneCards.keys()) if (id !== cardId) goneCards.delete(id);
    },
    cardGone(cardId) {
      if (disposed) return;
      if (!goneCards.has(cardId)) goneCards.set(cardId, "closed");
      purge();
    },
    get pending() {
      return queue.length + (inFlight === null ? 0 : 1);
    },
    whenIdle() {
      if (disposed || inFlight === null && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      const dropped = queue;
      queue = [];
      const abandoned = inFlight;
      inFlight = null;
      if (abandoned) settle(abandoned, { status: "dropped", reason: "disposed" });
      for (const entry of dropped) drop(entry, "disposed", dropMessage(entry, "disposed"));
      wakeIdleWaiters();
    }
  };
}
function normaliseTimeout(timeoutMs) {
  if (timeoutMs === void 0 || !Number.isFinite(timeoutMs) || timeoutMs < 0) return DEFAULT_COMMAND_TIMEOUT_MS;
  return Math.min(timeoutMs, 2 ** 31 - 1);
}

// adapters/softphone/invoke.ts
function failure(method, error) {
  return { kind: "softphoneError", method, error, message: `softphone.${method}() failed: ${describeError(error)}` };
}
function argumentsOf(command) {
  switch (command.method) {
    case "call":
      return [command.phoneNumber];
    case "hold":
      return [command.held];
    case "mute":
      return [command.muted];
    case "sendDtmf":
      return [command.key];
    case "startTransfer":
      return [command.target];
    default:
      return [];
  }
}
function invokeSoftphone(softphone2, command, report) {
  const { method } = command;
  try {
    const fn = softphone2[method];
    if (typeof fn !== "function") {
      report(failure(method, new TypeError(`the softphone has no method ${method}()`)));
      return;
    }
    const result = fn.apply(softphone2, argumentsOf(command));
    if (result !== null && (typeof result === "object" || typeof result === "function")) {
      const then = result.then;
      if (typeof then === "function") then.call(result, void 0, (error) => report(failure(method, error)));
    }
  } catch (error) {
    report(failure(method, error));
  }
}

// adapters/createCallCard.ts
function inspectSafely(inspect, report) {
  return (event) => {
    try {
      if (typeof inspect === "function") inspect(event);
      else inspect.next?.(event);
    } catch (error) {
      report({ kind: "hookError", hook: "inspect", error, message: `inspect threw on ${event.type}: ${describeError(error)}` });
    }
  };
}
function pathOf(actor) {
  return viewOf(actor.getSnapshot()).path;
}
function createCallCard(options) {
  let disposed = false;
  const safely2 = (hook, fn, ...args) => {
    if (!fn) return;
    try {
      fn(...args);
    } catch (error) {
      if (hook === "onDiagnostic") return;
      report({ kind: "hookError", hook, error, message: `${hook} threw: ${describeError(error)}` });
    }
  };
  const report = (diagnostic) => safely2("onDiagnostic", options.onDiagnostic, diagnostic);
  const actor = createActor(callCardMachine, options.inspect ? { inspect: inspectSafely(options.inspect, report) } : {});
  let currentCard = 0;
  const queue = createCommandQueue({
    placement: options.placement,
    ...options.commandTimeoutMs === void 0 ? {} : { timeoutMs: options.commandTimeoutMs },
    report,
    onCardLost: () => deliver({ type: "card.lost" })
  });
  actor.on("card.command", ({ cycle, command }) => {
    if (cycle !== currentCard) {
      currentCard = cycle;
      queue.setCurrentCard(cycle);
    }
    void queue.enqueue(command, cycle);
  });
  actor.on("softphone.command", ({ command }) => invokeSoftphone(options.softphone, command, report));
  actor.on("call.summary", ({ summary }) => {
    queue.cardGone(summary.cycle);
    safely2("onSummary", options.onSummary, summary);
  });
  actor.on("call.comment", ({ callId, text: text2 }) => safely2("onComment", options.onComment, { callId, text: text2 }));
  actor.on("call.rating", ({ callId, rating }) => safely2("onRating", options.onRating, { callId, rating }));
  actor.on("call.notifyAdmin", ({ callId }) => safely2("onNotifyAdmin", options.onNotifyAdmin, { callId }));
  actor.on("call.next", ({ callId }) => safely2("onNext", options.onNext, { callId }));
  function deliver(event) {
    if (disposed) return;
    try {
      if (!actor.getSnapshot().can(event)) {
        report({ kind: "ignoredEvent", event: event.type, state: pathOf(actor), message: `${event.type} is not taken in ${pathOf(actor)}; ignored` });
        return;
      }
      actor.send(event);
    } catch (error) {
      report({ kind: "hookError", hook: "statechart", error, message: `the statechart failed on ${event.type}: ${describeError(error)}` });
    }
  }
  function onHostEvent(name, data) {
    if (disposed) return;
    const parsed = parseCardEvent(name, data);
    if (!parsed.ok) {
      report(parsed.diagnostic);
      return;
    }
    parsed.warnings.forEach(report);
    deliver(parsed.event);
  }
  actor.start();
  for (const name of CARD_EVENT_NAMES) {
    try {
      options.placement.bindEvent(hostEventName(name), (data) => onHostEvent(name, data));
    } catch (error) {
      report({ kind: "hookError", hook: "placement.bindEvent", error, message: `binding ${name} failed: ${describeError(error)}` });
    }
  }
  function setText(command, key, value) {
    const view = viewOf(actor.getSnapshot());
    if (disposed || view.status !== "open") {
      report({ kind: "ignoredEvent", event: command, state: disposed ? "disposed" : view.path, message: `${command} needs an open card; dropped` });
      return;
    }
    if (typeof value !== "string") {
      report({ kind: "rejectedPayload", event: command, field: key, received: value, message: `${command}: ${key} must be a string, received ${describeValue(value)}` });
      return;
    }
    const params = key === "title" ? { title: value } : { statusText: value };
    void queue.enqueue({ command, params }, currentCard);
  }
  return {
    actor,
    send(event) {
      if (disposed) {
        report({ kind: "ignoredEvent", event: "phone", state: "disposed", message: "the call card is disposed; softphone event dropped" });
        return;
      }
      const parsed = parsePhoneEvent(event);
      if (!parsed.ok) report(parsed.diagnostic);
      else deliver(parsed.event);
    },
    get state() {
      return viewOf(actor.getSnapshot());
    },
    setTitle: (title) => setText("CallCardSetCardTitle", "title", title),
    setStatusText: (statusText) => setText("CallCardSetStatusText", "statusText", statusText),
    whenIdle: () => queue.whenIdle(),
    dispose() {
      if (disposed) return;
      disposed = true;
      queue.dispose();
      actor.stop();
    }
  };
}

// playground/src/dom.ts
function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.testid) element.dataset.testid = props.testid;
  if (props.title) element.title = props.title;
  if (props.label) element.setAttribute("aria-label", props.label);
  if (props.type) element.setAttribute("type", props.type);
  if (props.disabled) element.setAttribute("disabled", "");
  if (props.pressed !== void 0) element.setAttribute("aria-pressed", String(props.pressed));
  if (props.onclick) element.addEventListener("click", props.onclick);
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === void 0 || child === false) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}
function button(label, onclick, props = {}) {
  return h("button", { type: "button", ...props, onclick: () => onclick() }, label);
}
function fill(element, ...children) {
  element.replaceChildren(...children.filter((c) => c !== null && c !== void 0 && c !== false));
}
function show(value) {
  if (value === void 0) return "";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// playground/src/presets.ts
var CALL_PRESETS = {
  incoming: {
    CALL_ID: "externalCall.demo.in",
    PHONE_NUMBER: "+14155550123",
    LINE_NUMBER: "sip-line-1",
    LINE_NAME: "Sales",
    CRM_ENTITY_TYPE: "CONTACT",
    CRM_ENTITY_ID: 42,
    CRM_BINDINGS: [{ ENTITY_TYPE: "CONTACT", ENTITY_ID: 42 }],
    CALL_DIRECTION: "incoming",
    CALL_STATE: "idle",
    CALL_LIST_MODE: false
  },
  outgoing: {
    CALL_ID: "externalCall.demo.out",
    PHONE_NUMBER: "+4930123456",
    LINE_NUMBER: "sip-line-1",
    LINE_NAME: "Sales",
    CRM_ENTITY_TYPE: "DEAL",
    CRM_ENTITY_ID: 7,
    CRM_BINDINGS: [{ ENTITY_TYPE: "DEAL", ENTITY_ID: 7 }],
    CALL_DIRECTION: "outgoing",
    CALL_STATE: "idle",
    CALL_LIST_MODE: false
  },
  callback: {
    CALL_ID: "externalCall.demo.callback",
    PHONE_NUMBER: "+33123456789",
    LINE_NUMBER: "sip-line-2",
    LINE_NAME: "Support",
    CRM_ENTITY_TYPE: "LEAD",
    CRM_ENTITY_ID: 1001,
    CRM_BINDINGS: [{ ENTITY_TYPE: "LEAD", ENTITY_ID: 1001 }],
    CALL_DIRECTION: "callback",
    CALL_STATE: "idle",
    CALL_LIST_MODE: false
  },
  "call list": {
    CALL_ID: "externalCall.demo.list",
    PHONE_NUMBER: "+442071234567",
    LINE_NUMBER: "sip-line-1",
    LINE_NAME: "",
    CRM_ENTITY_TYPE: "COMPANY",
    CRM_ENTITY_ID: 3,
    CRM_BINDINGS: [{ ENTITY_TYPE: "COMPANY", ENTITY_ID: 3 }],
    CALL_DIRECTION: "outgoing",
    CALL_STATE: "idle",
    CALL_LIST_MODE: true
  },
  "transferred to me": {
    CALL_ID: "externalCall.demo.transfer",
    PHONE_NUMBER: "hidden",
    LINE_NUMBER: "sip-line-1",
    LINE_NAME: "Sales",
    CRM_ENTITY_TYPE: "",
    CRM_ENTITY_ID: 0,
    CRM_BINDINGS: [],
    CALL_DIRECTION: "incomingTransfer",
    CALL_STATE: "idle",
    CALL_LIST_MODE: false
  }
};
var TRANSFER_TARGETS = [
  { label: "Anna Petrova (employee 12)", kind: "user", target: "12" },
  { label: "Boris Ivanov (employee 17)", kind: "user", target: "17" },
  { label: "Support queue (3)", kind: "queue", target: "3" },
  { label: "Outside number +4930999888", kind: "pstn", target: "+4930999888" }
];

// playground/src/callControls.ts
function createCallControls(current2, say2) {
  const data = h("textarea", { class: "call-data", testid: "call-data", label: "Call data (JSON)", attrs: { rows: "12", spellcheck: "false" } });
  const preset = (name) => () => {
    data.value = JSON.stringify(CALL_PRESETS[name], null, 2);
  };
  preset("incoming")();
  const raise2 = (name) => button(`Raise ${name}`, () => {
    preset(name)();
    raiseEdited();
  });
  function raiseEdited() {
    let call;
    try {
      call = JSON.parse(data.value);
    } catch (error) {
      say2(`The call data is not JSON: ${error.message}`, true);
      return;
    }
    if (call === null || typeof call !== "object" || Array.isArray(call)) {
      say2("The call data must be a JSON object of initialized fields.", true);
      return;
    }
    current2().sim.raiseCall(call);
    say2(`Raised call ${String(call.CALL_ID ?? "(generated id)")}`);
  }
  const raceEvent = h("select", { label: "Card event" }, ...CARD_EVENT_NAMES.map((name) => h("option", { attrs: { value: name } }, name)));
  const racePayload = h("input", { label: "Payload (JSON, optional)", attrs: { placeholder: 'payload JSON, e.g. true or "5"' } });
  const title = h("input", { label: "Card title", attrs: { placeholder: "Card title" } });
  const statusText = h("input", { label: "Status text", attrs: { placeholder: "Status text" } });
  return h(
    "section",
    { class: "panel controls", testid: "controls", label: "Calls" },
    h("h2", {}, "Raise a call"),
    h("div", { class: "row" }, raise2("incoming"), raise2("outgoing"), raise2("callback"), raise2("call list"), raise2("transferred to me")),
    h("details", {}, h("summary", {}, "Edit the call data (initialized payload)"), data, h("div", { class: "row" }, button("Raise with this data", raiseEdited))),
    h("h2", {}, "Host"),
    h(
      "div",
      { class: "row" },
      button("Bitrix24 auto-closes the card", () => current2().sim.autoClose(), { title: "The card disappears without any event, as after a call" }),
      button("CRM block: change entity", () => current2().sim.changeEntity({ CRM_ENTITY_TYPE: "COMPANY", CRM_ENTITY_ID: 99 }))
    ),
    h("h3", {}, "Forced click (races)"),
    h("p", { class: "hint" }, "Delivers any card event even though the card does not show its button: a click that raced a state change."),
    h(
      "div",
      { class: "row" },
      raceEvent,
      racePayload,
      button("Force click", () => {
        let payload;
        if (racePayload.value.trim() !== "") {
          try {
            payload = JSON.parse(racePayload.value);
          } catch {
            payload = racePayload.value;
          }
        }
        const result = current2().sim.click(raceEvent.value, payload, { force: true });
        say2(result.delivered ? `Forced ${raceEvent.value}` : `Not delivered: ${result.reason}`, !result.delivered);
      })
    ),
    h("h2", {}, "Worker (integrator API)"),
    h(
      "div",
      { class: "row" },
      title,
      button("setTitle", () => current2().card.setTitle(title.value)),
      statusText,
      button("setStatusText", () => current2().card.setStatusText(statusText.value))
    )
  );
}

// playground/src/cardView.ts
function formatTimer(seconds) {
  const mm = Math.floor(seconds / 60);
  const ss = seconds % 60;
  return `${String(mm).padStart(2, "0")}:${String(ss).padStart(2, "0")}`;
}
function createHostCardView(report) {
  let sim = null;
  const title = h("h3", { class: "card-title", testid: "card-title" });
  const status = h("p", { class: "card-status", testid: "card-status" });
  const timer = h("span", { class: "card-timer", testid: "card-timer" });
  const uiState = h("span", { class: "card-uistate", testid: "card-ui-state" });
  const callInfo = h("dl", { class: "card-call", testid: "card-call" });
  const indicators = h("p", { class: "card-indicators", testid: "card-indicators" });
  const buttons = h("div", { class: "card-buttons", testid: "card-buttons" });
  const picker = h("div", { class: "card-picker", testid: "transfer-picker", attrs: { hidden: "" } });
  const comment = h("textarea", { label: "Comment", attrs: { rows: "2", placeholder: "Comment for the CRM" } });
  const commentBox = h(
    "div",
    { class: "card-comment" },
    comment,
    button("Save comment", () => {
      if (!sim) return;
      report("comment", sim.comment(comment.value));
      comment.value = "";
    })
  );
  const close = button("\xD7", () => sim && report("close", sim.click("closeButtonClick")), { class: "card-close", label: "Close card" });
  const open = h(
    "div",
    { class: "card-open" },
    h("div", { class: "card-head" }, uiState, timer, close),
    title,
    status,
    callInfo,
    indicators,
    buttons,
    picker,
    commentBox
  );
  const empty = h("p", { class: "card-empty", testid: "card-empty" }, "No call card is open. Raise a call below.");
  const element = h("div", { class: "card", testid: "card" }, empty);
  let pressed = { muted: false, held: false };
  let lastIndicators = { callId: "", muted: false, held: false };
  let pickerOpen = false;
  let lastKey = "";
  const click = (what, run) => () => {
    if (sim) report(what, run(sim));
  };
  function buttonFor(b) {
    switch (b.event) {
      case "dialpadButtonClick":
        return h(
          "div",
          { class: "dialpad", label: "Dial pad", attrs: { role: "group" } },
          ...DIAL_KEYS.map((key) => button(key, click(`dial ${key}`, (s) => s.dial(key)), { label: `Dial ${key}` }))
        );
      case "qualityMeterClick":
        return h(
          "div",
          { class: "stars", label: "Call quality", attrs: { role: "group" } },
          ...QUALITY_RATINGS.map((stars) => button("\u2605", click(`rate ${stars}`, (s) => s.rate(stars)), { label: `${stars} star${stars > 1 ? "s" : ""}` }))
        );
      case "muteButtonClick":
        return button(pressed.muted ? "Unmute" : "Mute", () => {
          pressed = { ...pressed, muted: !pressed.muted };
          click("mute", (s) => s.mute(pressed.muted))();
        }, { pressed: pressed.muted });
      case "holdButtonClick":
        return button(pressed.held ? "Resume" : "Hold", () => {
          pressed = { ...pressed, held: !pressed.held };
          click("hold", (s) => s.hold(pressed.held))();
        }, { pressed: pressed.held });
      case "transferButtonClick":
        return button(b.label, () => {
          pickerOpen = !pickerOpen;
          if (sim) render2(sim, true);
        }, { pressed: pickerOpen });
      default:
        return button(b.label, click(b.label, (s) => s.click(b.event)), { class: b.event === "hangupButtonClick" ? "danger" : b.event === "answerButtonClick" ? "primary" : "" });
    }
  }
  function renderPicker() {
    if (!pickerOpen) {
      picker.setAttribute("hidden", "");
      return;
    }
    picker.removeAttribute("hidden");
    const select = h("select", { label: "Transfer to" }, ...TRANSFER_TARGETS.map((t, i) => h("option", { attrs: { value: String(i) } }, t.label)));
    fill(
      picker,
      h("label", {}, "Transfer to ", select),
      button("Transfer to selected", () => {
        const target = TRANSFER_TARGETS[Number(select.value)] ?? TRANSFER_TARGETS[0];
        pickerOpen = false;
        if (sim) report(`transfer to ${target.target}`, sim.transfer(target.target, target.kind));
      }),
      button("Cancel", () => {
        pickerOpen = false;
        if (sim) render2(sim, true);
      })
    );
  }
  function renderOpen(card, force) {
    if (card.call.CALL_ID !== lastIndicators.callId || card.muted !== lastIndicators.muted || card.held !== lastIndicators.held) {
      pressed = { muted: card.muted, held: card.held };
      if (card.call.CALL_ID !== lastIndicators.callId) pickerOpen = false;
      lastIndicators = { callId: card.call.CALL_ID, muted: card.muted, held: card.held };
    }
    title.textContent = card.title || "(no title)";
    title.classList.toggle("unset", !card.title);
    status.textContent = card.statusText || "(no status text)";
    status.classList.toggle("unset", !card.statusText);
    uiState.textContent = card.uiState;
    timer.textContent = card.timer.visible ? formatTimer(card.timer.seconds) : "";
    timer.classList.toggle("running", card.timer.running);
    fill(
      callInfo,
      h("dt", {}, "Number"),
      h("dd", {}, card.call.PHONE_NUMBER ?? "(none)"),
      h("dt", {}, "Direction"),
      h("dd", {}, `${card.call.CALL_DIRECTION}${card.call.CALL_LIST_MODE ? " (call list)" : ""}`),
      h("dt", {}, "CRM"),
      h("dd", {}, card.call.CRM_ENTITY_TYPE ? `${card.call.CRM_ENTITY_TYPE} ${card.call.CRM_ENTITY_ID}` : "(none)"),
      h("dt", {}, "Call id"),
      h("dd", {}, card.call.CALL_ID)
    );
    fill(indicators, card.muted ? h("span", { class: "badge" }, "\u{1F507} muted") : null, card.held ? h("span", { class: "badge" }, "\u23F8 on hold") : null);
    const key = `${card.uiState}|${pressed.muted}|${pressed.held}|${pickerOpen}`;
    if (force || key !== lastKey) {
      lastKey = key;
      fill(buttons, ...card.buttons.map(buttonFor));
      if (!card.buttons.some((b) => b.event === "transferButtonClick")) pickerOpen = false;
      renderPicker();
    }
  }
  function render2(next, force = false) {
    sim = next;
    const card = next.card;
    if (card === null) {
      if (element.firstChild !== empty) fill(element, empty);
      lastKey = "";
      return;
    }
    if (element.firstChild !== open) fill(element, open);
    renderOpen(card, force);
  }
  return { element, render: (s) => render2(s) };
}

// node_modules/@statelyai/inspect/dist/index.mjs
var import_fast_safe_stringify = __toESM(require_fast_safe_stringify(), 1);

// node_modules/safe-stable-stringify/esm/wrapper.js
var import__3 = __toESM(require_safe_stable_stringify(), 1);
var configure = import__3.default.configure;
var wrapper_default = import__3.default;

// node_modules/isomorphic-ws/browser.js
var ws = null;
if (typeof WebSocket !== "undefined") {
  ws = WebSocket;
} else if (typeof MozWebSocket !== "undefined") {
  ws = MozWebSocket;
} else if (typeof global !== "undefined") {
  ws = global.WebSocket || global.MozWebSocket;
} else if (typeof window !== "undefined") {
  ws = window.WebSocket || window.MozWebSocket;
} else if (typeof self !== "undefined") {
  ws = self.WebSocket || self.MozWebSocket;
}

// node_modules/partysocket/dist/chunk-KZ3GGBVP.mjs
if (!globalThis.EventTarget || !globalThis.Event) {
  console.error(`
  PartySocket requires a global 'EventTarget' class to be available!
  You can polyfill this global by adding this to your code before any partysocket imports: 
  
  \`\`\`
  import 'partysocket/event-target-polyfill';
  \`\`\`
  Please file an issue at https://github.com/partykit/partykit if you're still having trouble.
`);
}
var isNode = typeof process !== "undefined" && typeof process.versions?.node !== "undefined" && typeof document === "undefined";
var DEFAULT = {
  maxReconnectionDelay: 1e4,
  minReconnectionDelay: 1e3 + Math.random() * 4e3,
  minUptime: 5e3,
  reconnectionDelayGrowFactor: 1.3,
  connectionTimeout: 4e3,
  maxRetries: Infinity,
  maxEnqueuedMessages: Infinity,
  startClosed: false,
  debug: false
};

// node_modules/superjson/dist/esm/double-indexed-kv.js
var DoubleIndexedKV = (
  /** @class */
  (function() {
    function DoubleIndexedKV2() {
      this.keyToValue = /* @__PURE__ */ new Map();
      this.valueToKey = /* @__PURE__ */ new Map();
    }
    DoubleIndexedKV2.prototype.set = function(key, value) {
      this.keyToValue.set(key, value);
      this.valueToKey.set(value, key);
    };
    DoubleIndexedKV2.prototype.getByKey = function(key) {
      return this.keyToValue.get(key);
    };
    DoubleIndexedKV2.prototype.getByValue = function(value) {
      return this.valueToKey.get(value);
    };
    DoubleIndexedKV2.prototype.clear = function() {
      this.keyToValue.clear();
      this.valueToKey.clear();
    };
    return DoubleIndexedKV2;
  })()
);

// node_modules/superjson/dist/esm/registry.js
var Registry = (
  /** @class */
  (function() {
    function Registry2(generateIdentifier) {
      this.generateIdentifier = generateIdentifier;
      this.kv = new DoubleIndexedKV();
    }
    Registry2.prototype.register = function(value, identifier) {
      if (this.kv.getByValue(value)) {
        return;
      }
      if (!identifier) {
        identifier = this.generateIdentifier(value);
      }
      this.kv.set(identifier, value);
    };
    Registry2.prototype.clear = function() {
      this.kv.clear();
    };
    Registry2.prototype.getIdentifier = function(value) {
      return this.kv.getByValue(value);
    };
    Registry2.prototype.getValue = function(identifier) {
      return this.kv.getByKey(identifier);
    };
    return Registry2;
  })()
);

// node_modules/superjson/dist/esm/class-registry.js
var __extends = /* @__PURE__ */ (function() {
  var extendStatics = function(d, b) {
    extendStatics = Object.setPrototypeOf || { __proto__: [] } instanceof Array && function(d2, b2) {
      d2.__proto__ = b2;
    } || function(d2, b2) {
      for (var p in b2) if (Object.prototype.hasOwnProperty.call(b2, p)) d2[p] = b2[p];
    };
    return extendStatics(d, b);
  };
  return function(d, b) {
    if (typeof b !== "function" && b !== null)
      throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
    extendStatics(d, b);
    function __() {
      this.constructor = d;
    }
    d.prototype = b === null ? Object.create(b) : (__.prototype = b.prototype, new __());
  };
})();
var ClassRegistry = (
  /** @class */
  (function(_super) {
    __extends(ClassRegistry2, _super);
    function ClassRegistry2() {
      var _this = _super.call(this, function(c) {
        return c.name;
      }) || this;
      _this.classToAllowedProps = /* @__PURE__ */ new Map();
      return _this;
    }
    ClassRegistry2.prototype.register = function(value, options) {
      if (typeof options === "object") {
        if (options.allowProps) {
          this.classToAllowedProps.set(value, options.allowProps);
        }
        _super.prototype.register.call(this, value, options.identifier);
      } else {
        _super.prototype.register.call(this, value, options);
      }
    };
    ClassRegistry2.prototype.getAllowedProps = function(value) {
      return this.classToAllowedProps.get(value);
    };
    return ClassRegistry2;
  })(Registry)
);

// node_modules/superjson/dist/esm/util.js
var __read = function(o, n) {
  var m = typeof Symbol === "function" && o[Symbol.iterator];
  if (!m) return o;
  var i = m.call(o), r, ar = [], e;
  try {
    while ((n === void 0 || n-- > 0) && !(r = i.next()).done) ar.push(r.value);
  } catch (error) {
    e = { error };
  } finally {
    try {
      if (r && !r.done && (m = i["return"])) m.call(i);
    } finally {
      if (e) throw e.error;
    }
  }
  return ar;
};
function valuesOfObj(record) {
  if ("values" in Object) {
    return Object.values(record);
  }
  var values = [];
  for (var key in record) {
    if (record.hasOwnProperty(key)) {
      values.push(record[key]);
    }
  }
  return values;
}
function find(record, predicate) {
  var values = valuesOfObj(record);
  if ("find" in values) {
    return values.find(predicate);
  }
  var valuesNotNever = values;
  for (var i = 0; i < valuesNotNever.length; i++) {
    var value = valuesNotNever[i];
    if (predicate(value)) {
      return value;
    }
  }
  return void 0;
}
function forEach(record, run) {
  Object.entries(record).forEach(function(_a) {
    var _b = __read(_a, 2), key = _b[0], value = _b[1];
    return run(value, key);
  });
}
function includes(arr, value) {
  return arr.indexOf(value) !== -1;
}
function findArr(record, predicate) {
  for (var i = 0; i < record.length; i++) {
    var value = record[i];
    if (predicate(value)) {
      return value;
    }
  }
  return void 0;
}

// node_modules/superjson/dist/esm/custom-transformer-registry.js
var CustomTransformerRegistry = (
  /** @class */
  (function() {
    function CustomTransformerRegistry2() {
      this.transfomers = {};
    }
    CustomTransformerRegistry2.prototype.register = function(transformer) {
      this.transfomers[transformer.name] = transformer;
    };
    CustomTransformerRegistry2.prototype.findApplicable = function(v) {
      return find(this.transfomers, function(transformer) {
        return transformer.isApplicable(v);
      });
    };
    CustomTransformerRegistry2.prototype.findByName = function(name) {
      return this.transfomers[name];
    };
    return CustomTransformerRegistry2;
  })()
);

// node_modules/superjson/dist/esm/is.js
var getType = function(payload) {
  return Object.prototype.toString.call(payload).slice(8, -1);
};
var isUndefined = function(payload) {
  return typeof payload === "undefined";
};
var isNull = function(payload) {
  return payload === null;
};
var isPlainObject = function(payload) {
  if (typeof payload !== "object" || payload === null)
    return false;
  if (payload === Object.prototype)
    return false;
  if (Object.getPrototypeOf(payload) === null)
    return true;
  return Object.getPrototypeOf(payload) === Object.prototype;
};
var isEmptyObject = function(payload) {
  return isPlainObject(payload) && Object.keys(payload).length === 0;
};
var isArray2 = function(payload) {
  return Array.isArray(payload);
};
var isString = function(payload) {
  return typeof payload === "string";
};
var isNumber = function(payload) {
  return typeof payload === "number" && !isNaN(payload);
};
var isBoolean = function(payload) {
  return typeof payload === "boolean";
};
var isRegExp = function(payload) {
  return payload instanceof RegExp;
};
var isMap = function(payload) {
  return payload instanceof Map;
};
var isSet = function(payload) {
  return payload instanceof Set;
};
var isSymbol = function(payload) {
  return getType(payload) === "Symbol";
};
var isDate = function(payload) {
  return payload instanceof Date && !isNaN(payload.valueOf());
};
var isError = function(payload) {
  return payload instanceof Error;
};
var isNaNValue = function(payload) {
  return typeof payload === "number" && isNaN(payload);
};
var isPrimitive = function(payload) {
  return isBoolean(payload) || isNull(payload) || isUndefined(payload) || isNumber(payload) || isString(payload) || isSymbol(payload);
};
var isBigint = function(payload) {
  return typeof payload === "bigint";
};
var isInfinite = function(payload) {
  return payload === Infinity || payload === -Infinity;
};
var isTypedArray = function(payload) {
  return ArrayBuffer.isView(payload) && !(payload instanceof DataView);
};
var isURL = function(payload) {
  return payload instanceof URL;
};

// node_modules/superjson/dist/esm/pathstringifier.js
var escapeKey = function(key) {
  return key.replace(/\./g, "\\.");
};
var stringifyPath = function(path) {
  return path.map(String).map(escapeKey).join(".");
};
var parsePath = function(string) {
  var result = [];
  var segment = "";
  for (var i = 0; i < string.length; i++) {
    var char = string.charAt(i);
    var isEscapedDot = char === "\\" && string.charAt(i + 1) === ".";
    if (isEscapedDot) {
      segment += ".";
      i++;
      continue;
    }
    var isEndOfSegment = char === ".";
    if (isEndOfSegment) {
      result.push(segment);
      segment = "";
      continue;
    }
    segment += char;
  }
  var lastSegment = segment;
  result.push(lastSegment);
  return result;
};

// node_modules/superjson/dist/esm/transformer.js
var __assign = function() {
  __assign = Object.assign || function(t) {
    for (var s, i = 1, n = arguments.length; i < n; i++) {
      s = arguments[i];
      for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p))
        t[p] = s[p];
    }
    return t;
  };
  return __assign.apply(this, arguments);
};
var __read2 = function(o, n) {
  var m = typeof Symbol === "function" && o[Symbol.iterator];
  if (!m) return o;
  var i = m.call(o), r, ar = [], e;
  try {
    while ((n === void 0 || n-- > 0) && !(r = i.next()).done) ar.push(r.value);
  } catch (error) {
    e = { error };
  } finally {
    try {
      if (r && !r.done && (m = i["return"])) m.call(i);
    } finally {
      if (e) throw e.error;
    }
  }
  return ar;
};
var __spreadArray = function(to, from) {
  for (var i = 0, il = from.length, j = to.length; i < il; i++, j++)
    to[j] = from[i];
  return to;
};
function simpleTransformation(isApplicable, annotation, transform, untransform) {
  return {
    isApplicable,
    annotation,
    transform,
    untransform
  };
}
var simpleRules = [
  simpleTransformation(isUndefined, "undefined", function() {
    return null;
  }, function() {
    return void 0;
  }),
  simpleTransformation(isBigint, "bigint", function(v) {
    return v.toString();
  }, function(v) {
    if (typeof BigInt !== "undefined") {
      return BigInt(v);
    }
    console.error("Please add a BigInt polyfill.");
    return v;
  }),
  simpleTransformation(isDate, "Date", function(v) {
    return v.toISOString();
  }, function(v) {
    return new Date(v);
  }),
  simpleTransformation(isError, "Error", function(v, superJson) {
    var baseError = {
      name: v.name,
      message: v.message
    };
    superJson.allowedErrorProps.forEach(function(prop) {
      baseError[prop] = v[prop];
    });
    return baseError;
  }, function(v, superJson) {
    var e = new Error(v.message);
    e.name = v.name;
    e.stack = v.stack;
    superJson.allowedErrorProps.forEach(function(prop) {
      e[prop] = v[prop];
    });
    return e;
  }),
  simpleTransformation(isRegExp, "regexp", function(v) {
    return "" + v;
  }, function(regex) {
    var body = regex.slice(1, regex.lastIndexOf("/"));
    var flags = regex.slice(regex.lastIndexOf("/") + 1);
    return new RegExp(body, flags);
  }),
  simpleTransformation(
    isSet,
    "set",
    // (sets only exist in es6+)
    // eslint-disable-next-line es5/no-es6-methods
    function(v) {
      return __spreadArray([], __read2(v.values()));
    },
    function(v) {
      return new Set(v);
    }
  ),
  simpleTransformation(isMap, "map", function(v) {
    return __spreadArray([], __read2(v.entries()));
  }, function(v) {
    return new Map(v);
  }),
  simpleTransformation(function(v) {
    return isNaNValue(v) || isInfinite(v);
  }, "number", function(v) {
    if (isNaNValue(v)) {
      return "NaN";
    }
    if (v > 0) {
      return "Infinity";
    } else {
      return "-Infinity";
    }
  }, Number),
  simpleTransformation(function(v) {
    return v === 0 && 1 / v === -Infinity;
  }, "number", function() {
    return "-0";
  }, Number),
  simpleTransformation(isURL, "URL", function(v) {
    return v.toString();
  }, function(v) {
    return new URL(v);
  })
];
function compositeTransformation(isApplicable, annotation, transform, untransform) {
  return {
    isApplicable,
    annotation,
    transform,
    untransform
  };
}
var symbolRule = compositeTransformation(function(s, superJson) {
  if (isSymbol(s)) {
    var isRegistered = !!superJson.symbolRegistry.getIdentifier(s);
    return isRegistered;
  }
  return false;
}, function(s, superJson) {
  var identifier = superJson.symbolRegistry.getIdentifier(s);
  return ["symbol", identifier];
}, function(v) {
  return v.description;
}, function(_, a, superJson) {
  var value = superJson.symbolRegistry.getValue(a[1]);
  if (!value) {
    throw new Error("Trying to deserialize unknown symbol");
  }
  return value;
});
var constructorToName = [
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  Uint8ClampedArray
].reduce(function(obj, ctor) {
  obj[ctor.name] = ctor;
  return obj;
}, {});
var typedArrayRule = compositeTransformation(isTypedArray, function(v) {
  return ["typed-array", v.constructor.name];
}, function(v) {
  return __spreadArray([], __read2(v));
}, function(v, a) {
  var ctor = constructorToName[a[1]];
  if (!ctor) {
    throw new Error("Trying to deserialize unknown typed array");
  }
  return new ctor(v);
});
function isInstanceOfRegisteredClass(potentialClass, superJson) {
  if (potentialClass === null || potentialClass === void 0 ? void 0 : potentialClass.constructor) {
    var isRegistered = !!superJson.classRegistry.getIdentifier(potentialClass.constructor);
    return isRegistered;
  }
  return false;
}
var classRule = compositeTransformation(isInstanceOfRegisteredClass, function(clazz, superJson) {
  var identifier = superJson.classRegistry.getIdentifier(clazz.constructor);
  return ["class", identifier];
}, function(clazz, superJson) {
  var allowedProps = superJson.classRegistry.getAllowedProps(clazz.constructor);
  if (!allowedProps) {
    return __assign({}, clazz);
  }
  var result = {};
  allowedProps.forEach(function(prop) {
    result[prop] = clazz[prop];
  });
  return result;
}, function(v, a, superJson) {
  var clazz = superJson.classRegistry.getValue(a[1]);
  if (!clazz) {
    throw new Error("Trying to deserialize unknown class - check https://github.com/blitz-js/superjson/issues/116#issuecomment-773996564");
  }
  return Object.assign(Object.create(clazz.prototype), v);
});
var customRule = compositeTransformation(function(value, superJson) {
  return !!superJson.customTransformerRegistry.findApplicable(value);
}, function(value, superJson) {
  var transformer = superJson.customTransformerRegistry.findApplicable(value);
  return ["custom", transformer.name];
}, function(value, superJson) {
  var transformer = superJson.customTransformerRegistry.findApplicable(value);
  return transformer.serialize(value);
}, function(v, a, superJson) {
  var transformer = superJson.customTransformerRegistry.findByName(a[1]);
  if (!transformer) {
    throw new Error("Trying to deserialize unknown custom value");
  }
  return transformer.deserialize(v);
});
var compositeRules = [classRule, symbolRule, customRule, typedArrayRule];
var transformValue = function(value, superJson) {
  var applicableCompositeRule = findArr(compositeRules, function(rule) {
    return rule.isApplicable(value, superJson);
  });
  if (applicableCompositeRule) {
    return {
      value: applicableCompositeRule.transform(value, superJson),
      type: applicableCompositeRule.annotation(value, superJson)
    };
  }
  var applicableSimpleRule = findArr(simpleRules, function(rule) {
    return rule.isApplicable(value, superJson);
  });
  if (applicableSimpleRule) {
    return {
      value: applicableSimpleRule.transform(value, superJson),
      type: applicableSimpleRule.annotation
    };
  }
  return void 0;
};
var simpleRulesByAnnotation = {};
simpleRules.forEach(function(rule) {
  simpleRulesByAnnotation[rule.annotation] = rule;
});
var untransformValue = function(json, type, superJson) {
  if (isArray2(type)) {
    switch (type[0]) {
      case "symbol":
        return symbolRule.untransform(json, type, superJson);
      case "class":
        return classRule.untransform(json, type, superJson);
      case "custom":
        return customRule.untransform(json, type, superJson);
      case "typed-array":
        return typedArrayRule.untransform(json, type, superJson);
      default:
        throw new Error("Unknown transformation: " + type);
    }
  } else {
    var transformation = simpleRulesByAnnotation[type];
    if (!transformation) {
      throw new Error("Unknown transformation: " + type);
    }
    return transformation.untransform(json, superJson);
  }
};

// node_modules/superjson/dist/esm/accessDeep.js
var getNthKey = function(value, n) {
  var keys = value.keys();
  while (n > 0) {
    keys.next();
    n--;
  }
  return keys.next().value;
};
function validatePath(path) {
  if (includes(path, "__proto__")) {
    throw new Error("__proto__ is not allowed as a property");
  }
  if (includes(path, "prototype")) {
    throw new Error("prototype is not allowed as a property");
  }
  if (includes(path, "constructor")) {
    throw new Error("constructor is not allowed as a property");
  }
}
var getDeep = function(object, path) {
  validatePath(path);
  for (var i = 0; i < path.length; i++) {
    var key = path[i];
    if (isSet(object)) {
      object = getNthKey(object, +key);
    } else if (isMap(object)) {
      var row = +key;
      var type = +path[++i] === 0 ? "key" : "value";
      var keyOfRow = getNthKey(object, row);
      switch (type) {
        case "key":
          object = keyOfRow;
          break;
        case "value":
          object = object.get(keyOfRow);
          break;
      }
    } else {
      object = object[key];
    }
  }
  return object;
};
var setDeep = function(object, path, mapper) {
  validatePath(path);
  if (path.length === 0) {
    return mapper(object);
  }
  var parent = object;
  for (var i = 0; i < path.length - 1; i++) {
    var key = path[i];
    if (isArray2(parent)) {
      var index = +key;
      parent = parent[index];
    } else if (isPlainObject(parent)) {
      parent = parent[key];
    } else if (isSet(parent)) {
      var row = +key;
      parent = getNthKey(parent, row);
    } else if (isMap(parent)) {
      var isEnd = i === path.length - 2;
      if (isEnd) {
        break;
      }
      var row = +key;
      var type = +path[++i] === 0 ? "key" : "value";
      var keyOfRow = getNthKey(parent, row);
      switch (type) {
        case "key":
          parent = keyOfRow;
          break;
        case "value":
          parent = parent.get(keyOfRow);
          break;
      }
    }
  }
  var lastKey = path[path.length - 1];
  if (isArray2(parent)) {
    parent[+lastKey] = mapper(parent[+lastKey]);
  } else if (isPlainObject(parent)) {
    parent[lastKey] = mapper(parent[lastKey]);
  }
  if (isSet(parent)) {
    var oldValue = getNthKey(parent, +lastKey);
    var newValue = mapper(oldValue);
    if (oldValue !== newValue) {
      parent["delete"](oldValue);
      parent.add(newValue);
    }
  }
  if (isMap(parent)) {
    var row = +path[path.length - 2];
    var keyToRow = getNthKey(parent, row);
    var type = +lastKey === 0 ? "key" : "value";
    switch (type) {
      case "key": {
        var newKey = mapper(keyToRow);
        parent.set(newKey, parent.get(keyToRow));
        if (newKey !== keyToRow) {
          parent["delete"](keyToRow);
        }
        break;
      }
      case "value": {
        parent.set(keyToRow, mapper(parent.get(keyToRow)));
        break;
      }
    }
  }
  return object;
};

// node_modules/superjson/dist/esm/plainer.js
var __read3 = function(o, n) {
  var m = typeof Symbol === "function" && o[Symbol.iterator];
  if (!m) return o;
  var i = m.call(o), r, ar = [], e;
  try {
    while ((n === void 0 || n-- > 0) && !(r = i.next()).done) ar.push(r.value);
  } catch (error) {
    e = { error };
  } finally {
    try {
      if (r && !r.done && (m = i["return"])) m.call(i);
    } finally {
      if (e) throw e.error;
    }
  }
  return ar;
};
var __spreadArray2 = function(to, from) {
  for (var i = 0, il = from.length, j = to.length; i < il; i++, j++)
    to[j] = from[i];
  return to;
};
function traverse(tree, walker2, origin) {
  if (origin === void 0) {
    origin = [];
  }
  if (!tree) {
    return;
  }
  if (!isArray2(tree)) {
    forEach(tree, function(subtree, key) {
      return traverse(subtree, walker2, __spreadArray2(__spreadArray2([], __read3(origin)), __read3(parsePath(key))));
    });
    return;
  }
  var _a = __read3(tree, 2), nodeValue = _a[0], children = _a[1];
  if (children) {
    forEach(children, function(child, key) {
      traverse(child, walker2, __spreadArray2(__spreadArray2([], __read3(origin)), __read3(parsePath(key))));
    });
  }
  walker2(nodeValue, origin);
}
function applyValueAnnotations(plain, annotations, superJson) {
  traverse(annotations, function(type, path) {
    plain = setDeep(plain, path, function(v) {
      return untransformValue(v, type, superJson);
    });
  });
  return plain;
}
function applyReferentialEqualityAnnotations(plain, annotations) {
  function apply(identicalPaths, path) {
    var object = getDeep(plain, parsePath(path));
    identicalPaths.map(parsePath).forEach(function(identicalObjectPath) {
      plain = setDeep(plain, identicalObjectPath, function() {
        return object;
      });
    });
  }
  if (isArray2(annotations)) {
    var _a = __read3(annotations, 2), root = _a[0], other = _a[1];
    root.forEach(function(identicalPath) {
      plain = setDeep(plain, parsePath(identicalPath), function() {
        return plain;
      });
    });
    if (other) {
      forEach(other, apply);
    }
  } else {
    forEach(annotations, apply);
  }
  return plain;
}
var isDeep = function(object, superJson) {
  return isPlainObject(object) || isArray2(object) || isMap(object) || isSet(object) || isInstanceOfRegisteredClass(object, superJson);
};
function addIdentity(object, path, identities) {
  var existingSet = identities.get(object);
  if (existingSet) {
    existingSet.push(path);
  } else {
    identities.set(object, [path]);
  }
}
function generateReferentialEqualityAnnotations(identitites, dedupe) {
  var result = {};
  var rootEqualityPaths = void 0;
  identitites.forEach(function(paths) {
    if (paths.length <= 1) {
      return;
    }
    if (!dedupe) {
      paths = paths.map(function(path) {
        return path.map(String);
      }).sort(function(a, b) {
        return a.length - b.length;
      });
    }
    var _a = __read3(paths), representativePath = _a[0], identicalPaths = _a.slice(1);
    if (representativePath.length === 0) {
      rootEqualityPaths = identicalPaths.map(stringifyPath);
    } else {
      result[stringifyPath(representativePath)] = identicalPaths.map(stringifyPath);
    }
  });
  if (rootEqualityPaths) {
    if (isEmptyObject(result)) {
      return [rootEqualityPaths];
    } else {
      return [rootEqualityPaths, result];
    }
  } else {
    return isEmptyObject(result) ? void 0 : result;
  }
}
var walker = function(object, identities, superJson, dedupe, path, objectsInThisPath, seenObjects) {
  var _a;
  if (path === void 0) {
    path = [];
  }
  if (objectsInThisPath === void 0) {
    objectsInThisPath = [];
  }
  if (seenObjects === void 0) {
    seenObjects = /* @__PURE__ */ new Map();
  }
  var primitive = isPrimitive(object);
  if (!primitive) {
    addIdentity(object, path, identities);
    var seen = seenObjects.get(object);
    if (seen) {
      return dedupe ? {
        transformedValue: null
      } : seen;
    }
  }
  if (!isDeep(object, superJson)) {
    var transformed_1 = transformValue(object, superJson);
    var result_1 = transformed_1 ? {
      transformedValue: transformed_1.value,
      annotations: [transformed_1.type]
    } : {
      transformedValue: object
    };
    if (!primitive) {
      seenObjects.set(object, result_1);
    }
    return result_1;
  }
  if (includes(objectsInThisPath, object)) {
    return {
      transformedValue: null
    };
  }
  var transformationResult = transformValue(object, superJson);
  var transformed = (_a = transformationResult === null || transformationResult === void 0 ? void 0 : transformationResult.value) !== null && _a !== void 0 ? _a : object;
  var transformedValue = isArray2(transformed) ? [] : {};
  var innerAnnotations = {};
  forEach(transformed, function(value, index) {
    var recursiveResult = walker(value, identities, superJson, dedupe, __spreadArray2(__spreadArray2([], __read3(path)), [index]), __spreadArray2(__spreadArray2([], __read3(objectsInThisPath)), [object]), seenObjects);
    transformedValue[index] = recursiveResult.transformedValue;
    if (isArray2(recursiveResult.annotations)) {
      innerAnnotations[index] = recursiveResult.annotations;
    } else if (isPlainObject(recursiveResult.annotations)) {
      forEach(recursiveResult.annotations, function(tree, key) {
        innerAnnotations[escapeKey(index) + "." + key] = tree;
      });
    }
  });
  var result = isEmptyObject(innerAnnotations) ? {
    transformedValue,
    annotations: !!transformationResult ? [transformationResult.type] : void 0
  } : {
    transformedValue,
    annotations: !!transformationResult ? [transformationResult.type, innerAnnotations] : innerAnnotations
  };
  if (!primitive) {
    seenObjects.set(object, result);
  }
  return result;
};

// node_modules/is-what/dist/index.js
function getType2(payload) {
  return Object.prototype.toString.call(payload).slice(8, -1);
}
function isArray3(payload) {
  return getType2(payload) === "Array";
}
function isPlainObject2(payload) {
  if (getType2(payload) !== "Object")
    return false;
  const prototype = Object.getPrototypeOf(payload);
  return !!prototype && prototype.constructor === Object && prototype === Object.prototype;
}
function isNull2(payload) {
  return getType2(payload) === "Null";
}
function isOneOf(a, b, c, d, e) {
  return (value) => a(value) || b(value) || !!c && c(value) || !!d && d(value) || !!e && e(value);
}
function isUndefined2(payload) {
  return getType2(payload) === "Undefined";
}
var isNullOrUndefined = isOneOf(isNull2, isUndefined2);

// node_modules/copy-anything/dist/index.js
function assignProp(carry, key, newVal, originalObject, includeNonenumerable) {
  const propType = {}.propertyIsEnumerable.call(originalObject, key) ? "enumerable" : "nonenumerable";
  if (propType === "enumerable")
    carry[key] = newVal;
  if (includeNonenumerable && propType === "nonenumerable") {
    Object.defineProperty(carry, key, {
      value: newVal,
      enumerable: false,
      writable: true,
      configurable: true
    });
  }
}
function copy(target, options = {}) {
  if (isArray3(target)) {
    return target.map((item) => copy(item, options));
  }
  if (!isPlainObject2(target)) {
    return target;
  }
  const props = Object.getOwnPropertyNames(target);
  const symbols = Object.getOwnPropertySymbols(target);
  return [...props, ...symbols].reduce((carry, key) => {
    if (isArray3(options.props) && !options.props.includes(key)) {
      return carry;
    }
    const val = target[key];
    const newVal = copy(val, options);
    assignProp(carry, key, newVal, target, options.nonenumerable);
    return carry;
  }, {});
}

// node_modules/superjson/dist/esm/index.js
var __assign2 = function() {
  __assign2 = Object.assign || function(t) {
    for (var s, i = 1, n = arguments.length; i < n; i++) {
      s = arguments[i];
      for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p))
        t[p] = s[p];
    }
    return t;
  };
  return __assign2.apply(this, arguments);
};
var __read4 = function(o, n) {
  var m = typeof Symbol === "function" && o[Symbol.iterator];
  if (!m) return o;
  var i = m.call(o), r, ar = [], e;
  try {
    while ((n === void 0 || n-- > 0) && !(r = i.next()).done) ar.push(r.value);
  } catch (error) {
    e = { error };
  } finally {
    try {
      if (r && !r.done && (m = i["return"])) m.call(i);
    } finally {
      if (e) throw e.error;
    }
  }
  return ar;
};
var __spreadArray3 = function(to, from) {
  for (var i = 0, il = from.length, j = to.length; i < il; i++, j++)
    to[j] = from[i];
  return to;
};
var SuperJSON = (
  /** @class */
  (function() {
    function SuperJSON2(_a) {
      var _b = _a === void 0 ? {} : _a, _c = _b.dedupe, dedupe = _c === void 0 ? false : _c;
      this.classRegistry = new ClassRegistry();
      this.symbolRegistry = new Registry(function(s) {
        var _a2;
        return (_a2 = s.description) !== null && _a2 !== void 0 ? _a2 : "";
      });
      this.customTransformerRegistry = new CustomTransformerRegistry();
      this.allowedErrorProps = [];
      this.dedupe = dedupe;
    }
    SuperJSON2.prototype.serialize = function(object) {
      var identities = /* @__PURE__ */ new Map();
      var output = walker(object, identities, this, this.dedupe);
      var res = {
        json: output.transformedValue
      };
      if (output.annotations) {
        res.meta = __assign2(__assign2({}, res.meta), { values: output.annotations });
      }
      var equalityAnnotations = generateReferentialEqualityAnnotations(identities, this.dedupe);
      if (equalityAnnotations) {
        res.meta = __assign2(__assign2({}, res.meta), { referentialEqualities: equalityAnnotations });
      }
      return res;
    };
    SuperJSON2.prototype.deserialize = function(payload) {
      var json = payload.json, meta = payload.meta;
      var result = copy(json);
      if (meta === null || meta === void 0 ? void 0 : meta.values) {
        result = applyValueAnnotations(result, meta.values, this);
      }
      if (meta === null || meta === void 0 ? void 0 : meta.referentialEqualities) {
        result = applyReferentialEqualityAnnotations(result, meta.referentialEqualities);
      }
      return result;
    };
    SuperJSON2.prototype.stringify = function(object) {
      return JSON.stringify(this.serialize(object));
    };
    SuperJSON2.prototype.parse = function(string) {
      return this.deserialize(JSON.parse(string));
    };
    SuperJSON2.prototype.registerClass = function(v, options) {
      this.classRegistry.register(v, options);
    };
    SuperJSON2.prototype.registerSymbol = function(v, identifier) {
      this.symbolRegistry.register(v, identifier);
    };
    SuperJSON2.prototype.registerCustom = function(transformer, name) {
      this.customTransformerRegistry.register(__assign2({ name }, transformer));
    };
    SuperJSON2.prototype.allowErrorProps = function() {
      var _a;
      var props = [];
      for (var _i = 0; _i < arguments.length; _i++) {
        props[_i] = arguments[_i];
      }
      (_a = this.allowedErrorProps).push.apply(_a, __spreadArray3([], __read4(props)));
    };
    SuperJSON2.defaultInstance = new SuperJSON2();
    SuperJSON2.serialize = SuperJSON2.defaultInstance.serialize.bind(SuperJSON2.defaultInstance);
    SuperJSON2.deserialize = SuperJSON2.defaultInstance.deserialize.bind(SuperJSON2.defaultInstance);
    SuperJSON2.stringify = SuperJSON2.defaultInstance.stringify.bind(SuperJSON2.defaultInstance);
    SuperJSON2.parse = SuperJSON2.defaultInstance.parse.bind(SuperJSON2.defaultInstance);
    SuperJSON2.registerClass = SuperJSON2.defaultInstance.registerClass.bind(SuperJSON2.defaultInstance);
    SuperJSON2.registerSymbol = SuperJSON2.defaultInstance.registerSymbol.bind(SuperJSON2.defaultInstance);
    SuperJSON2.registerCustom = SuperJSON2.defaultInstance.registerCustom.bind(SuperJSON2.defaultInstance);
    SuperJSON2.allowErrorProps = SuperJSON2.defaultInstance.allowErrorProps.bind(SuperJSON2.defaultInstance);
    return SuperJSON2;
  })()
);
var serialize = SuperJSON.serialize;
var deserialize = SuperJSON.deserialize;
var stringify = SuperJSON.stringify;
var parse = SuperJSON.parse;
var registerClass = SuperJSON.registerClass;
var registerCustom = SuperJSON.registerCustom;
var registerSymbol = SuperJSON.registerSymbol;
var allowErrorProps = SuperJSON.allowErrorProps;

// node_modules/@statelyai/inspect/dist/index.mjs
function toEventObject(event) {
  if (typeof event === "string") return { type: event };
  return event;
}
var isNode2 = typeof process !== "undefined" && typeof process.versions?.node !== "undefined" && typeof document === "undefined";
var version = "0.7.2";
function idleCallback(cb) {
  if (typeof window !== "undefined") (window.requestIdleCallback || window.requestAnimationFrame)(cb);
  else setTimeout(cb, 0);
}
function safeReplacer(_key, value) {
  if (typeof HTMLElement !== "undefined" && value && typeof value === "object" && value instanceof HTMLElement) return value.outerHTML;
  if (typeof value === "function") return { type: value.name };
  return value;
}
function createSafeStringify(depthLimit) {
  return wrapper_default.configure({ maximumDepth: depthLimit });
}
function getRoot(actorRef) {
  let marker = actorRef;
  do
    marker = marker._parent;
  while (marker?._parent);
  return marker;
}
function getRootId(actorRefOrId) {
  return (typeof actorRefOrId === "string" ? void 0 : getRoot(actorRefOrId)?.sessionId) ?? void 0;
}
var defaultInspectorOptions = {
  filter: () => true,
  serialize: (event) => event,
  autoStart: true,
  maxDeferredEvents: 200,
  serializationDepthLimit: 10,
  sanitizeEvent: (event) => event,
  sanitizeContext: (context) => context
};
function createInspector(adapter, options) {
  const depthLimit = options?.serializationDepthLimit ?? defaultInspectorOptions.serializationDepthLimit;
  const safeStringify$1 = createSafeStringify(depthLimit);
  function sendAdapter(inspectionEvent) {
    if (options?.filter && !options.filter(inspectionEvent)) return;
    const sanitizedEvent = options?.sanitizeContext || options?.sanitizeEvent ? inspectionEvent : { ...inspectionEvent };
    if (options?.sanitizeContext && (sanitizedEvent.type === "@xstate.actor" || sanitizedEvent.type === "@xstate.snapshot")) sanitizedEvent.snapshot = {
      ...sanitizedEvent.snapshot,
      context: options.sanitizeContext(sanitizedEvent.snapshot.context)
    };
    if (options?.sanitizeEvent && (sanitizedEvent.type === "@xstate.event" || sanitizedEvent.type === "@xstate.snapshot")) sanitizedEvent.event = options.sanitizeEvent(sanitizedEvent.event);
    const serializedEvent = options?.serialize?.(sanitizedEvent) ?? sanitizedEvent;
    adapter.send(serializedEvent);
  }
  return {
    adapter,
    actor: (actorRef, snapshot, info) => {
      const sessionId = typeof actorRef === "string" ? actorRef : actorRef.sessionId;
      const definitionObject = actorRef?.logic?.config;
      const definition = definitionObject ? safeStringify$1(definitionObject, safeReplacer) : void 0;
      const rootId = info?.rootId ?? typeof actorRef === "string" ? void 0 : getRootId(actorRef);
      const parentId = info?.parentId ?? typeof actorRef === "string" ? void 0 : actorRef._parent?.sessionId;
      sendAdapter({
        type: "@xstate.actor",
        name: definitionObject ? definitionObject.id : sessionId,
        sessionId,
        createdAt: Date.now().toString(),
        _version: version,
        rootId,
        parentId,
        id: null,
        definition,
        snapshot: snapshot ?? { status: "active" }
      });
    },
    event: (target, event, info) => {
      const sessionId = typeof target === "string" ? target : target.sessionId;
      sendAdapter({
        type: "@xstate.event",
        sourceId: !info?.source ? void 0 : typeof info.source === "string" ? info.source : info.source.sessionId,
        sessionId,
        event: toEventObject(event),
        id: Math.random().toString(),
        createdAt: Date.now().toString(),
        rootId: "anonymous",
        _version: version
      });
    },
    snapshot: (actor, snapshot, info) => {
      const sessionId = typeof actor === "string" ? actor : actor.sessionId;
      sendAdapter({
        type: "@xstate.snapshot",
        snapshot: {
          status: "active",
          ...snapshot
        },
        event: info?.event ?? { type: "" },
        sessionId,
        id: null,
        createdAt: Date.now().toString(),
        rootId: "anonymous",
        _version: version
      });
    },
    inspect: { next: (event) => {
      idleCallback(function inspectNext() {
        const convertedEvent = convertXStateEvent(event, depthLimit);
        if (convertedEvent) sendAdapter(convertedEvent);
      });
    } },
    start() {
      adapter.start?.();
    },
    stop() {
      adapter.stop?.();
    }
  };
}
function convertXStateEvent(inspectionEvent, depthLimit = defaultInspectorOptions.serializationDepthLimit) {
  const safeStringify$1 = createSafeStringify(depthLimit);
  switch (inspectionEvent.type) {
    case "@xstate.actor": {
      const actorRef = inspectionEvent.actorRef;
      const definitionObject = actorRef?.logic?.config;
      let name = actorRef.id;
      if (name === actorRef.sessionId && definitionObject) name = definitionObject.id;
      const definitionString = typeof definitionObject === "object" ? safeStringify$1(definitionObject, safeReplacer) : safeStringify$1({ id: name }, safeReplacer);
      return {
        name,
        type: "@xstate.actor",
        definition: definitionString,
        _version: version,
        createdAt: Date.now().toString(),
        id: null,
        rootId: inspectionEvent.rootId,
        parentId: inspectionEvent.actorRef._parent?.sessionId,
        sessionId: inspectionEvent.actorRef.sessionId,
        snapshot: inspectionEvent.actorRef.getSnapshot()
      };
    }
    case "@xstate.event":
      return {
        type: "@xstate.event",
        event: inspectionEvent.event,
        sourceId: inspectionEvent.sourceRef?.sessionId,
        sessionId: inspectionEvent.actorRef.sessionId,
        _version: version,
        createdAt: Date.now().toString(),
        id: null,
        rootId: inspectionEvent.rootId
      };
    case "@xstate.snapshot":
      return {
        type: "@xstate.snapshot",
        event: inspectionEvent.event,
        snapshot: JSON.parse(safeStringify$1(inspectionEvent.snapshot, safeReplacer) ?? "null"),
        sessionId: inspectionEvent.actorRef.sessionId,
        _version: version,
        createdAt: Date.now().toString(),
        id: null,
        rootId: inspectionEvent.rootId
      };
    default:
      if (inspectionEvent.type.startsWith("@xstate.")) return;
      console.warn(`Unhandled inspection event type: ${inspectionEvent.type}`);
      return;
  }
}
var NoOpBrowserAdapter = class {
  start() {
  }
  stop() {
  }
  send(_event) {
  }
};
function isEventObject(event) {
  return typeof event === "object" && event !== null && typeof event.type === "string";
}
function createBrowserInspector(options) {
  const resolvedWindow = options?.window ?? (typeof window === "undefined" ? void 0 : window);
  if (!resolvedWindow) {
    console.error("Window does not exist; inspector cannot be started.");
    return new NoOpBrowserAdapter();
  }
  const depthLimit = options?.serializationDepthLimit ?? defaultInspectorOptions.serializationDepthLimit;
  const resolvedOptions = {
    ...defaultInspectorOptions,
    url: "https://stately.ai/inspect",
    filter: () => true,
    serialize: (inspectionEvent) => JSON.parse((0, import_fast_safe_stringify.default)(inspectionEvent, void 0, 2, {
      depthLimit,
      edgesLimit: depthLimit
    })),
    autoStart: true,
    iframe: null,
    ...options,
    window: resolvedWindow
  };
  const inspector = createInspector(new BrowserAdapter(resolvedOptions), resolvedOptions);
  if (resolvedOptions.autoStart) inspector.start();
  return inspector;
}
var BrowserAdapter = class {
  status = "disconnected";
  deferredEvents = [];
  targetWindow = null;
  constructor(options) {
    this.options = options;
  }
  start() {
    this.targetWindow = this.options.iframe ? null : this.options.window.open(String(this.options.url), "xstateinspector");
    if (this.options.iframe) {
      this.options.iframe.addEventListener("load", () => {
        this.targetWindow = this.options.iframe?.contentWindow ?? null;
      });
      this.options.iframe?.setAttribute("src", String(this.options.url));
    }
    this.options.window.addEventListener("message", (event) => {
      if (isEventObject(event.data) && event.data.type === "@statelyai.connected") {
        this.status = "connected";
        this.deferredEvents.forEach((event$1) => {
          const serializedEvent = this.options.serialize(event$1);
          this.targetWindow?.postMessage(serializedEvent, "*");
        });
      }
    });
  }
  stop() {
    this.targetWindow?.postMessage({ type: "@statelyai.disconnected" }, "*");
    this.status = "disconnected";
  }
  send(event) {
    if (!this.options.filter(event)) return;
    if (this.options.send) this.options.send(event);
    else if (this.status === "connected") {
      const serializedEvent = this.options.serialize(event);
      this.targetWindow?.postMessage(serializedEvent, "*");
    }
    this.deferredEvents.push(event);
    if (this.deferredEvents.length > this.options.maxDeferredEvents) this.deferredEvents.shift();
  }
};

// inspect.ts
var silent = { next: () => {
} };
function wrap(inspector, stopMore = () => {
}) {
  const observer = inspector && typeof inspector.inspect?.next === "function" ? inspector.inspect : silent;
  return {
    inspect: observer,
    announce(actor) {
      inspector?.actor?.(actor, actor.getSnapshot());
    },
    stop() {
      inspector?.stop?.();
      stopMore();
    }
  };
}
function createBrowserCallCardInspector(options = {}) {
  const browserWindow = options.window ?? (typeof window === "undefined" ? void 0 : window);
  if (!browserWindow) return wrap(null);
  return wrap(
    createBrowserInspector({
      window: browserWindow,
      ...options.url === void 0 ? {} : { url: options.url },
      ...options.iframe === void 0 ? {} : { iframe: options.iframe }
    })
  );
}

// playground/src/inspection.ts
function describeState(value) {
  if (typeof value === "string") return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, child] = entries[0];
    const inner = describeState(child);
    return typeof child === "object" && Object.keys(child).length > 1 ? `${key}(${inner})` : `${key}.${inner}`;
  }
  return entries.map(([key, child]) => `${key}.${describeState(child)}`).join(", ");
}
function createInspection(onTransition) {
  let inspector = null;
  let current2 = "";
  return {
    observer(event) {
      if (event.type === "@xstate.snapshot") {
        const to = describeState(event.snapshot.value ?? "");
        onTransition(event.event.type, current2, to);
        current2 = to;
      }
      inspector?.inspect.next?.(event);
    },
    switchOn(actor) {
      if (inspector) return;
      inspector = createBrowserCallCardInspector();
      inspector.announce(actor);
    },
    switchOff() {
      inspector?.stop();
      inspector = null;
    },
    get on() {
      return inspector !== null;
    }
  };
}

// playground/src/log.ts
var LOG_KINDS = ["card event", "transition", "card command", "softphone", "diagnostic", "hook"];
var MAX_LINES = 500;
function createLog() {
  const list = h("ol", { class: "log-lines", testid: "log" });
  const filters = LOG_KINDS.map((kind) => {
    const box = h("input", { type: "checkbox", attrs: { checked: "" } });
    box.addEventListener("change", () => {
      list.classList.toggle(`hide-${kind.replace(" ", "-")}`, !box.checked);
    });
    return h("label", { class: `filter kind-${kind.replace(" ", "-")}` }, box, kind);
  });
  let sequence = 0;
  const element = h(
    "section",
    { class: "panel log", label: "Live log" },
    h("header", {}, h("h2", {}, "Live log"), h("div", { class: "filters" }, ...filters), h("button", { type: "button", onclick: () => api.clear() }, "Clear")),
    list
  );
  const api = {
    element,
    add(kind, text2, detail) {
      sequence += 1;
      const stickToBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
      list.append(
        h(
          "li",
          { class: `kind-${kind.replace(" ", "-")}`, attrs: { "data-kind": kind } },
          h("span", { class: "seq" }, String(sequence)),
          h("span", { class: "kind" }, kind),
          h("span", { class: "text" }, text2),
          detail ? h("span", { class: "detail" }, detail) : null
        )
      );
      while (list.childElementCount > MAX_LINES) list.firstElementChild?.remove();
      if (stickToBottom) list.scrollTop = list.scrollHeight;
    },
    clear() {
      fill(list);
    }
  };
  return api;
}

// adapters/simulator/payloads.ts
var NO_PAYLOAD_EVENTS = [
  "closeButtonClick",
  "cancelTransferButtonClick",
  "completeTransferButtonClick",
  "hangupButtonClick",
  "nextButtonClick",
  "skipButtonClick",
  "answerButtonClick",
  "makeCallButtonClick",
  "notifyAdminButtonClick"
];
function isNoPayloadEvent(event) {
  return NO_PAYLOAD_EVENTS.includes(event);
}
function hostError(errorCode) {
  return { result: "error", errorCode };
}
var DEFAULT_PHONE_NUMBER = "+14155550123";
var OMITTABLE_FIELDS = ["PHONE_NUMBER", "CRM_ACTIVITY_ID"];
function buildInitializedPayload(call, sequence) {
  const payload = {
    CALL_ID: `externalCall.simulator.${sequence}`,
    PHONE_NUMBER: DEFAULT_PHONE_NUMBER,
    LINE_NUMBER: "simulator-line",
    LINE_NAME: "",
    CRM_ENTITY_TYPE: "",
    CRM_ENTITY_ID: 0,
    CRM_ACTIVITY_ID: "",
    CRM_BINDINGS: [],
    CALL_DIRECTION: "incoming",
    CALL_STATE: "idle",
    CALL_LIST_MODE: false
  };
  if (call === null || typeof call !== "object") return payload;
  const target = payload;
  for (const [key, value] of Object.entries(call)) {
    if (value !== void 0) target[key] = value;
    else if (OMITTABLE_FIELDS.includes(key)) delete target[key];
  }
  return payload;
}
function buildEntityPayload(entity, call) {
  return {
    PHONE_NUMBER: entity?.PHONE_NUMBER ?? call?.PHONE_NUMBER ?? "unknown",
    CRM_ENTITY_TYPE: entity?.CRM_ENTITY_TYPE ?? call?.CRM_ENTITY_TYPE ?? "",
    CRM_ENTITY_ID: entity?.CRM_ENTITY_ID ?? call?.CRM_ENTITY_ID ?? 0
  };
}
function buildTransferPayload(target, kind, appHasSpoken, callPhoneNumber) {
  return appHasSpoken ? { phoneNumber: callPhoneNumber ?? "", target } : { type: kind, target };
}
function copyPlainData(value) {
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    return value;
  }
}

// adapters/simulator/timer.ts
var CallTimer = class {
  visible = false;
  running = false;
  firstStartAt = null;
  frozenSeconds = 0;
  /** Shows the timer and starts it; while it runs this changes nothing. */
  start(now) {
    this.visible = true;
    if (this.running) return;
    if (this.firstStartAt === null) this.firstStartAt = now;
    this.running = true;
  }
  /** Freezes the shown value. */
  stop(now) {
    if (!this.running) return;
    this.frozenSeconds = this.elapsedSeconds(now);
    this.running = false;
  }
  /** Hides the timer and sets it back to zero. */
  hideAndReset(now) {
    this.visible = false;
    this.frozenSeconds = 0;
    this.firstStartAt = this.running ? now : null;
  }
  /** Whether the timer is counting. */
  isRunning() {
    return this.running;
  }
  /** The timer as shown at `now`. */
  view(now) {
    return { visible: this.visible, running: this.running, seconds: this.running ? this.elapsedSeconds(now) : this.frozenSeconds };
  }
  elapsedSeconds(now) {
    return this.firstStartAt === null ? 0 : Math.max(0, Math.floor((now - this.firstStartAt) / 1e3));
  }
};

// adapters/simulator/card.ts
function isAcceptedUiState(value) {
  return typeof value === "string" && (UI_STATES.includes(value) || INTERNAL_UI_STATES.includes(value));
}
var TIMER_STOPPING_STATES = [
  "incoming",
  "transferIncoming",
  "outgoing",
  "connectingIncoming",
  "connectingOutgoing",
  "error",
  "moneyError",
  "redial",
  "idle"
];
var CardModel = class {
  constructor(call) {
    this.call = call;
  }
  call;
  uiState = "externalCard";
  title = "";
  statusText = "";
  muted = false;
  held = false;
  /** Whether the application has sent any command since this card was raised (it changes the transfer payload). */
  appHasSpoken = false;
  timer = new CallTimer();
  /** Applies a UI state and its timer rules (host-behaviour.md §5), as the host's `setUiState` does. */
  setUiState(uiState, disableAutoStartTimer, now) {
    this.uiState = uiState;
    if (uiState === "connected") {
      if (disableAutoStartTimer) {
        this.timer.stop(now);
        this.timer.hideAndReset(now);
      } else {
        this.timer.start(now);
      }
      return;
    }
    if (TIMER_STOPPING_STATES.includes(uiState)) this.timer.stop(now);
    if (!this.timer.isRunning()) this.timer.hideAndReset(now);
  }
  startTimer(now) {
    this.timer.start(now);
  }
  stopTimer(now) {
    this.timer.stop(now);
  }
  /** Whether the shown buttons include one that emits `event`. */
  shows(event) {
    return this.buttons().some((button2) => button2.event === event);
  }
  buttons() {
    return isUiState(this.uiState) ? BUTTONS_BY_UI_STATE[this.uiState] : [];
  }
  view(now) {
    return Object.freeze({
      uiState: this.uiState,
      buttons: this.buttons(),
      title: this.title,
      statusText: this.statusText,
      timer: Object.freeze(this.timer.view(now)),
      muted: this.muted,
      held: this.held,
      call: copyPlainData(this.call)
    });
  }
};

// adapters/simulator/safe.ts
function safely(read, fallback) {
  try {
    return read();
  } catch {
    return fallback;
  }
}
function nameOf(value) {
  if (typeof value === "string") return value;
  return safely(() => String(value), Object.prototype.toString.call(value));
}
function textOf(value) {
  if (value === void 0 || value === null) return "";
  return safely(() => String(value), "");
}
function isForced(options) {
  return safely(() => typeof options === "object" && options !== null && options.force === true, false);
}

// adapters/simulator/commands.ts
function readField(params, key) {
  if (params === null || typeof params !== "object") return { present: false, value: void 0 };
  try {
    if (!Object.prototype.hasOwnProperty.call(params, key)) return { present: false, value: void 0 };
    return { present: true, value: params[key] };
  } catch {
    return { present: false, value: void 0 };
  }
}
var answered = (...answers) => ({ answers, closesCard: false });
var OK = () => [];
var noCard = () => answered([hostError(NO_CARD_ERROR)]);
var missingField = (field2) => [hostError(`missing field ${field2}`)];
function runCommand(command, params, card, mode2, now) {
  if (command === "CallCardGetListUiStates") return answered([...UI_STATES]);
  if (card === null) return noCard();
  switch (command) {
    case "CallCardSetUiState": {
      const uiState = readField(params, "uiState").value;
      if (!isAcceptedUiState(uiState)) return answered([hostError(INVALID_UI_STATE_ERROR)]);
      card.setUiState(uiState, Boolean(readField(params, "disableAutoStartTimer").value), now);
      return answered(OK());
    }
    case "CallCardSetMute": {
      const muted = readField(params, "muted");
      if (mode2 === "desktop" && typeof muted.value !== "boolean") {
        return answered(hostError("missing field muted"));
      }
      card.muted = Boolean(muted.value);
      return answered(OK());
    }
    case "CallCardSetHold": {
      const held = readField(params, "held");
      card.held = Boolean(held.value);
      if (mode2 === "desktop" && !held.present) return answered(missingField("held"), OK());
      return answered(OK());
    }
    case "CallCardSetCardTitle": {
      const title = readField(params, "title");
      if (mode2 === "desktop" && !title.present) return answered(missingField("title"));
      card.title = textOf(title.value);
      return answered(OK());
    }
    case "CallCardSetStatusText": {
      const statusText = readField(params, "statusText");
      if (mode2 === "desktop" && !statusText.present) return answered(missingField("statusText"));
      card.statusText = textOf(statusText.value);
      return answered(OK());
    }
    case "CallCardStartTimer":
      card.startTimer(now);
      return mode2 === "desktop" ? answered(OK()) : answered();
    case "CallCardStopTimer":
      card.stopTimer(now);
      return mode2 === "desktop" ? answered(OK()) : answered();
    case "CallCardClose":
      return { answers: [OK()], closesCard: true };
  }
}

// adapters/simulator/faults.ts
var FAULT_KINDS = ["error", "bareError", "noCallback", "doubleCallback", "throw"];
var DEFAULT_FAULT_ERROR_CODE = "Simulated fault";
var FaultBook = class {
  pending = [];
  /** Adds a fault; a spec that is not a usable fault is ignored rather than thrown at the caller. */
  inject(spec) {
    if (spec === null || typeof spec !== "object" || typeof spec.command !== "string" || !FAULT_KINDS.includes(spec.kind)) return;
    const times = spec.times === void 0 ? 1 : Math.floor(Number(spec.times));
    if (!(times > 0)) return;
    this.pending.push({
      command: spec.command,
      kind: spec.kind,
      errorCode: typeof spec.errorCode === "string" ? spec.errorCode : DEFAULT_FAULT_ERROR_CODE,
      remaining: times
    });
  }
  /** The fault that hits this command, used up by one; undefined when none matches. */
  take(command) {
    const index = this.pending.findIndex((fault2) => fault2.command === "*" || fault2.command === command);
    const fault = this.pending[index];
    if (fault === void 0) return void 0;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.pending.splice(index, 1);
    return { kind: fault.kind, errorCode: fault.errorCode };
  }
};

// adapters/simulator/hostSimulator.ts
var QUIET_TURNS = 50;
var MAX_SETTLE_TURNS = 1e5;
function desktopEventCallback() {
}
function isCommandName(value) {
  return CARD_COMMAND_NAMES.includes(value);
}
function boundName(event) {
  return isCardEventName(event) ? hostEventName(event) : event;
}
var Simulator = class {
  constructor(mode2) {
    this.mode = mode2;
    this.placement = {
      call: (command, params, callback) => this.receive(command, params, callback),
      bindEvent: (event, handler) => this.bind(event, handler)
    };
  }
  mode;
  placement;
  currentCard = null;
  commandLog = [];
  emitted = [];
  handlers = /* @__PURE__ */ new Map();
  listeners = /* @__PURE__ */ new Set();
  faults = new FaultBook();
  now = 0;
  calls = 0;
  changes = 0;
  pendingDeliveries = 0;
  cachedView = null;
  get card() {
    if (this.cachedView?.version !== this.changes) {
      this.cachedView = { version: this.changes, view: this.currentCard?.view(this.now) ?? null };
    }
    return this.cachedView.view;
  }
  get log() {
    return this.commandLog;
  }
  get events() {
    return this.emitted;
  }
  get version() {
    return this.changes;
  }
  raiseCall(call, options) {
    this.calls += 1;
    const sequence = this.calls;
    const payload = safely(() => buildInitializedPayload(call, sequence), buildInitializedPayload(void 0, sequence));
    const entityFirst = safely(() => options?.entityFirst, void 0);
    this.currentCard = null;
    this.changed();
    if (entityFirst !== void 0) {
      this.emit("entityChanged", [safely(() => buildEntityPayload(entityFirst, payload), buildEntityPayload(void 0, payload))]);
    }
    this.currentCard = new CardModel(payload);
    this.changed();
    this.emit("initialized", [copyPlainData(payload)]);
  }
  click(event, payload, options) {
    if (!isCardEventName(event)) return { delivered: false, reason: `'${nameOf(event)}' is not a card event; use emitRaw` };
    const force = isForced(options);
    const card = this.currentCard;
    if (card === null && !force) return { delivered: false, reason: "no card is open" };
    if (card !== null && !force && !EVENTS_OUTSIDE_BUTTONS.includes(event) && !card.shows(event)) {
      const shown = card.buttons().map((button2) => button2.event);
      return { delivered: false, reason: `the card in '${card.uiState}' shows no button emitting ${event} (shown: ${shown.join(", ") || "none"})` };
    }
    if (event === "closeButtonClick" && card !== null) {
      this.currentCard = null;
      this.changed();
    }
    const args = this.mode === "desktop" && isNoPayloadEvent(event) ? [payload, desktopEventCallback] : [payload];
    this.emit(event, args);
    return { delivered: true };
  }
  rate(stars, options) {
    return this.click("qualityMeterClick", textOf(stars), options);
  }
  transfer(target, kind = "user", options) {
    const card = this.currentCard;
    const payload = buildTransferPayload(textOf(target), kind, card?.appHasSpoken ?? false, card?.call.PHONE_NUMBER);
    return this.click("transferButtonClick", payload, options);
  }
  dial(key, options) {
    return this.click("dialpadButtonClick", key, options);
  }
  mute(muted, options) {
    return this.click("muteButtonClick", muted, options);
  }
  hold(held, options) {
    return this.click("holdButtonClick", held, options);
  }
  comment(text2, options) {
    return this.click("addCommentButtonClick", text2, options);
  }
  changeEntity(entity, options) {
    const call = this.currentCard?.call ?? null;
    return this.click("entityChanged", safely(() => buildEntityPayload(entity, call), buildEntityPayload(void 0, call)), options);
  }
  emitRaw(event, ...args) {
    this.emit(nameOf(event), args);
  }
  autoClose() {
    if (this.currentCard === null) return;
    this.currentCard = null;
    this.changed();
  }
  tick(ms) {
    const step = safely(() => Number(ms), Number.NaN);
    if (!Number.isFinite(step) || step <= 0) return;
    this.now += step;
    this.changed();
  }
  injectFault(fault) {
    safely(() => this.faults.inject(fault), void 0);
  }
  async settle() {
    let quiet = 0;
    let seen = this.changes;
    for (let turn = 0; turn < MAX_SETTLE_TURNS && quiet < QUIET_TURNS; turn++) {
      await Promise.resolve();
      if (this.pendingDeliveries === 0 && this.changes === seen) {
        quiet += 1;
      } else {
        quiet = 0;
        seen = this.changes;
      }
    }
  }
  subscribe(listener) {
    if (typeof listener !== "function") return () => {
    };
    const entry = () => listener();
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }
  boundHandlerCount(event) {
    return this.handlers.get(boundName(nameOf(event)))?.length ?? 0;
  }
  bind(event, handler) {
    if (typeof handler !== "function") return;
    const name = nameOf(event);
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
  }
  receive(command, params, callback) {
    const name = nameOf(command);
    const entry = { command: name, params, results: [], answered: false, card: this.currentCard !== null, callbackErrors: [] };
    this.commandLog.push(entry);
    if (!isCommandName(name)) {
      this.changed();
      return;
    }
    const fault = this.faults.take(name);
    if (fault !== void 0) entry.fault = fault.kind;
    if (fault?.kind === "throw") {
      this.changed();
      throw new Error(`Simulated fault: placement.call('${name}') threw`);
    }
    if (fault?.kind === "error" || fault?.kind === "bareError") {
      this.markSpoken();
      this.changed();
      const error = hostError(fault.errorCode);
      this.deliver(entry, callback, [fault.kind === "error" ? [error] : error]);
      return;
    }
    this.markSpoken();
    let answers = [];
    try {
      const outcome = runCommand(name, params, this.currentCard, this.mode, this.now);
      answers = outcome.answers;
      if (outcome.closesCard) this.currentCard = null;
    } catch {
      answers = [];
    }
    this.changed();
    if (fault?.kind === "noCallback") return;
    this.deliver(entry, callback, fault?.kind === "doubleCallback" ? [...answers, []] : answers);
  }
  markSpoken() {
    if (this.currentCard !== null) this.currentCard.appHasSpoken = true;
  }
  /** Calls back later, as the answer comes over `postMessage`; `Promise` rather than `queueMicrotask`, which Jest's fake timers replace. */
  deliver(entry, callback, answers) {
    if (answers.length === 0) return;
    this.pendingDeliveries += 1;
    void Promise.resolve().then(() => {
      this.pendingDeliveries -= 1;
      for (const answer of answers) {
        entry.results.push(answer);
        entry.answered = true;
        this.changed();
        if (typeof callback !== "function") continue;
        try {
          callback(answer);
        } catch (error) {
          entry.callbackErrors.push(error);
        }
      }
    });
  }
  emit(event, args) {
    const record = { event, payload: args[0], args, handlerErrors: [] };
    this.emitted.push(record);
    this.changed();
    const handlers = [...this.handlers.get(boundName(event)) ?? []];
    for (const handler of handlers) {
      try {
        handler(...args);
      } catch (error) {
        record.handlerErrors.push(error);
      }
    }
  }
  changed() {
    this.changes += 1;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
      }
    }
  }
};
function createHostSimulator(options) {
  return new Simulator(options?.mode === "desktop" ? "desktop" : "browser");
}

// adapters/softphone/recordingSoftphone.ts
function createRecordingSoftphone(onCall) {
  const calls = [];
  const record = (command) => {
    calls.push(command);
    return onCall?.(command);
  };
  return {
    get calls() {
      return calls;
    },
    get methods() {
      return calls.map((command) => command.method);
    },
    clear: () => {
      calls.length = 0;
    },
    answer: () => record({ method: "answer" }),
    reject: () => record({ method: "reject" }),
    hangup: () => record({ method: "hangup" }),
    call: (phoneNumber2) => record({ method: "call", phoneNumber: phoneNumber2 }),
    hold: (held) => record({ method: "hold", held }),
    mute: (muted) => record({ method: "mute", muted }),
    sendDtmf: (key) => record({ method: "sendDtmf", key }),
    startTransfer: (target) => record({ method: "startTransfer", target }),
    completeTransfer: () => record({ method: "completeTransfer" }),
    cancelTransfer: () => record({ method: "cancelTransfer" })
  };
}

// playground/src/session.ts
var STATUS_TEXT = {
  incoming: "Incoming call",
  transferIncoming: "Transferred call",
  outgoing: "Ready to call",
  connectingIncoming: "Answering\u2026",
  connectingOutgoing: "Calling\u2026",
  connected: "In call",
  transferring: "Transferring\u2026",
  transferFailed: "Transfer failed",
  transferConnected: "Transferred",
  error: "Call failed",
  moneyError: "Out of funds",
  redial: "Busy: call again?"
};
function createSession(options) {
  const { log: log3 } = options;
  const sim = createHostSimulator({ mode: options.mode });
  const softphone2 = createRecordingSoftphone((command) => {
    const { method, ...args } = command;
    log3.add("softphone", `softphone.${method}(${Object.values(args).map(show).join(", ")})`);
  });
  const card = createCallCard({
    placement: sim.placement,
    softphone: softphone2,
    inspect: options.inspection.observer,
    onDiagnostic: (d) => log3.add("diagnostic", `${d.kind}: ${d.message}`),
    onSummary: (summary) => log3.add("hook", `onSummary: ${summary.callId} ended by ${summary.endedBy}`, show(summary)),
    onComment: (c) => log3.add("hook", `onComment: ${show(c.text)}`),
    onRating: (r) => log3.add("hook", `onRating: ${r.rating} stars`),
    onNotifyAdmin: (e) => log3.add("hook", `onNotifyAdmin: ${e.callId}`),
    onNext: (e) => log3.add("hook", `onNext: ${e.callId}`)
  });
  let lastUiState = null;
  let lastCallId = null;
  const actorSubscription = card.actor.subscribe(() => {
    const { uiState, call } = card.state;
    if (options.workerTexts()) {
      if (call !== null && call.callId !== lastCallId) card.setTitle(call.phoneNumber ?? `Caller ${call.phoneNumberState}`);
      if (uiState !== null && uiState !== lastUiState) card.setStatusText(STATUS_TEXT[uiState] ?? uiState);
    }
    lastUiState = uiState;
    lastCallId = call?.callId ?? null;
  });
  let eventsSeen = 0;
  const answersSeen = /* @__PURE__ */ new Map();
  let commandsSeen = 0;
  const unsubscribe = sim.subscribe(() => {
    for (; eventsSeen < sim.events.length; eventsSeen++) {
      const e = sim.events[eventsSeen];
      log3.add("card event", e.event, show(e.payload));
    }
    for (; commandsSeen < sim.log.length; commandsSeen++) {
      const c = sim.log[commandsSeen];
      log3.add("card command", `${c.command} ${show(c.params)}`, c.fault ? `fault: ${c.fault}` : void 0);
    }
    sim.log.forEach((c, index) => {
      const seen = answersSeen.get(index) ?? 0;
      if (c.results.length > seen) {
        for (const result of c.results.slice(seen)) log3.add("card command", `\u21B3 ${c.command} answered`, show(result));
        answersSeen.set(index, c.results.length);
      }
    });
  });
  const clock = setInterval(() => sim.tick(1e3), 1e3);
  return {
    sim,
    softphone: softphone2,
    card,
    dispose() {
      clearInterval(clock);
      unsubscribe();
      actorSubscription.unsubscribe();
      card.dispose();
    }
  };
}

// playground/src/softphonePanel.ts
var PHONE_BUTTONS = [
  { label: "Connected", event: { type: "phone.connected" } },
  { label: "Other side hung up", event: { type: "phone.ended" } },
  { label: "Failed 486 (busy)", event: { type: "phone.failed", code: 486 } },
  { label: "Failed 402 (no funds)", event: { type: "phone.failed", code: 402 } },
  { label: "Failed 500", event: { type: "phone.failed", code: 500 } },
  { label: "Transfer succeeded", event: { type: "phone.transferSucceeded" } },
  { label: "Transfer failed", event: { type: "phone.transferFailed", code: 480 } },
  { label: "Network: held", event: { type: "phone.heldChanged", held: true } },
  { label: "Network: resumed", event: { type: "phone.heldChanged", held: false } },
  { label: "Network: muted", event: { type: "phone.mutedChanged", muted: true } },
  { label: "Network: unmuted", event: { type: "phone.mutedChanged", muted: false } }
];
function createSoftphonePanel(current2) {
  const calls = h("ol", { class: "softphone-calls", testid: "softphone-calls" });
  const element = h(
    "section",
    { class: "panel softphone", testid: "softphone", label: "Softphone" },
    h("h2", {}, "Softphone (simulated)"),
    h("p", { class: "hint" }, 'What the network did: each button calls card.send({ type: "phone.\u2026" }).'),
    h("div", { class: "phone-buttons" }, ...PHONE_BUTTONS.map(({ label, event }) => button(label, () => current2().card.send(event), { title: show(event) }))),
    h("h3", {}, "What the card told the softphone"),
    calls
  );
  let shown = -1;
  return {
    element,
    render(session2) {
      const list = session2.softphone.calls;
      if (list.length === shown) return;
      shown = list.length;
      fill(
        calls,
        ...list.slice(-12).map(({ method, ...args }) => h("li", {}, `${method}(${Object.values(args).map(show).join(", ")})`))
      );
    }
  };
}

// playground/src/main.ts
var log2 = createLog();
var inspection = createInspection((event, from, to) => log2.add("transition", `${event}: ${from || "(start)"} \u2192 ${to}`));
var statusBar = h("p", { class: "status-bar", testid: "status-bar", attrs: { role: "status" } });
var say = (text2, error = false) => {
  statusBar.textContent = text2;
  statusBar.classList.toggle("error", error);
};
var mode = "browser";
var workerStatusText = h("input", { type: "checkbox", attrs: { checked: "" } });
var session = start();
var current = () => session;
function start() {
  return createSession({ mode, log: log2, inspection, workerTexts: () => workerStatusText.checked });
}
var cardView = createHostCardView((what, result) => say(result.delivered ? `Clicked ${what}` : `The card refused ${what}: ${result.reason ?? ""}`, !result.delivered));
var softphone = createSoftphonePanel(current);
var controls = createCallControls(current, say);
var statePath = h("code", { testid: "statechart-state" });
var stateValue = h("pre", { class: "state-value" });
var statechart = h(
  "section",
  { class: "panel statechart", testid: "statechart", label: "Statechart" },
  h("h2", {}, "Statechart"),
  h("p", {}, "State: ", statePath),
  stateValue,
  h("p", { class: "hint" }, "The diagram is in docs/statechart.md (npm run diagram).")
);
var inspectorSwitch = h("input", { type: "checkbox", testid: "inspector-switch", label: "Stately inspector" });
inspectorSwitch.addEventListener("change", () => {
  if (inspectorSwitch.checked) {
    inspection.switchOn(session.card.actor);
    say("Stately inspector opened in a new window (it needs the internet; allow the popup if the browser blocked it).");
  } else {
    inspection.switchOff();
    say("Stately inspector off.");
  }
});
var modeSelect = h("select", { label: "Host mode" }, h("option", { attrs: { value: "browser" } }, "browser"), h("option", { attrs: { value: "desktop" } }, "desktop app"));
modeSelect.addEventListener("change", () => {
  mode = modeSelect.value === "desktop" ? "desktop" : "browser";
  reset();
});
function reset() {
  session.dispose();
  session = start();
  watch();
  log2.add("diagnostic", `New session: host in ${mode} mode`);
}
function render() {
  cardView.render(session.sim);
  softphone.render(session);
  const snapshot = session.card.actor.getSnapshot();
  statePath.textContent = describeState(snapshot.value);
  stateValue.textContent = JSON.stringify(session.card.state, null, 2);
}
var scheduled = false;
var schedule = () => {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    render();
  });
};
var unwatch = () => {
};
function watch() {
  unwatch();
  const fromSim = session.sim.subscribe(schedule);
  const fromActor = session.card.actor.subscribe(schedule);
  unwatch = () => {
    fromSim();
    fromActor.unsubscribe();
  };
  schedule();
}
var app = document.getElementById("app");
if (app) {
  fill(
    app,
    h(
      "header",
      { class: "top" },
      h("h1", {}, "b24-call-card playground"),
      h("label", { class: "switch" }, inspectorSwitch, "Stately inspector"),
      h("label", {}, "Host: ", modeSelect),
      h("label", { title: "The example worker code sets a title per call and a status line per UI state" }, workerStatusText, "Worker sets title and status"),
      button("New session", reset)
    ),
    statusBar,
    h(
      "main",
      { class: "grid" },
      h("section", { class: "panel host", label: "Bitrix24 call card" }, h("h2", {}, "Bitrix24 call card (simulated)"), cardView.element),
      softphone.element,
      statechart,
      controls,
      log2.element
    )
  );
  watch();
  say("Ready: raise a call.");
}
/*! Bundled license information:

partysocket/dist/chunk-KZ3GGBVP.mjs:
  (*!
   * Reconnecting WebSocket
   * by Pedro Ladaria <pedro.ladaria@gmail.com>
   * https://github.com/pladaria/reconnecting-websocket
   * License MIT
   *)
*/
//# sourceMappingURL=main.js.map
