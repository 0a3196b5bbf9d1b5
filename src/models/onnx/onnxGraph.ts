import { ATTRIBUTE_TYPE, ONNX_FLOAT, ONNX_INT64 } from './onnxSchema.js';

/** A node attribute, tagged with its ONNX type (an integer list and a float list look alike in JS). */
export type Attribute = { int: number } | { float: number } | { ints: readonly number[] } | { floats: readonly number[] } | { string: string };

interface AttributeProto {
  name: string;
  type: number;
  i?: number;
  f?: number;
  ints?: number[];
  floats?: number[];
  s?: Uint8Array;
}

interface NodeProto {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  attribute: AttributeProto[];
}

interface TensorProto {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
}

/** A graph input or output: a float tensor whose dimensions are sizes or named (symbolic) ones. */
export interface ValueInfo {
  name: string;
  dims: readonly (number | string)[];
}

export interface GraphProto {
  name: string;
  node: NodeProto[];
  initializer: TensorProto[];
  input: object[];
  output: object[];
}

/**
 * Builds an ONNX graph node by node, in topological order (each node's inputs exist before it). Names of
 * values and initializers are made unique here, so that emitters can name things after their layer.
 */
export class OnnxGraph {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly used = new Set<string>();

  constructor(readonly name: string) {}

  /** A value name not used yet, derived from `base`. */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  /** A float32 initializer (weights, constants); returns its name. */
  floats(base: string, values: Float32Array, dims: readonly number[]): string {
    const expected = dims.reduce((n, d) => n * d, 1);
    if (values.length !== expected) throw new Error(`initializer ${base}: ${values.length} values for dims ${JSON.stringify(dims)}`);
    const name = this.fresh(base);
    // ONNX raw data is little-endian, as every platform Node runs this on stores a Float32Array.
    const raw = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    this.initializers.push({ name, dims: [...dims], dataType: ONNX_FLOAT, rawData: raw });
    return name;
  }

  /** An int64 initializer (shapes, axes, pads, indices); dims [] for a scalar. */
  int64s(base: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    const name = this.fresh(base);
    const raw = new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer);
    this.initializers.push({ name, dims: [...dims], dataType: ONNX_INT64, rawData: raw });
    return name;
  }

  /** Adds a node with one output; returns the output's name. */
  node(opType: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, outputBase = opType.toLowerCase()): string {
    const [out] = this.nodeOutputs(opType, inputs, [outputBase], attributes);
    return out as string;
  }

  /** Adds a node with several outputs; an empty base ('') leaves that optional output out. */
  nodeOutputs(opType: string, inputs: readonly string[], outputBases: readonly string[], attributes: Record<string, Attribute> = {}): string[] {
    for (const i of inputs) if (i !== '' && !this.used.has(i)) throw new Error(`${opType} node reads ${i}, which no earlier node or initializer defines`);
    const outputs = outputBases.map((b) => (b === '' ? '' : this.fresh(b)));
    this.nodes.push({
      input: [...inputs],
      output: outputs,
      name: this.fresh(`${opType}_node`),
      opType,
      attribute: Object.entries(attributes).map(([name, a]) => attributeProto(name, a)),
    });
    return outputs;
  }

  /** Declares a graph input; returns its name (taken as given: callers feed it by that name). */
  input(name: string): string {
    if (this.used.has(name)) throw new Error(`graph input ${name} is already defined`);
    this.used.add(name);
    return name;
  }

  toProto(inputs: readonly ValueInfo[], outputs: readonly ValueInfo[]): GraphProto {
    return { name: this.name, node: this.nodes, initializer: this.initializers, input: inputs.map(valueInfo), output: outputs.map(valueInfo) };
  }
}

function attributeProto(name: string, a: Attribute): AttributeProto {
  if ('int' in a) return { name, type: ATTRIBUTE_TYPE.INT, i: a.int };
  if ('float' in a) return { name, type: ATTRIBUTE_TYPE.FLOAT, f: a.float };
  if ('ints' in a) return { name, type: ATTRIBUTE_TYPE.INTS, ints: [...a.ints] };
  if ('floats' in a) return { name, type: ATTRIBUTE_TYPE.FLOATS, floats: [...a.floats] };
  return { name, type: ATTRIBUTE_TYPE.STRING, s: new TextEncoder().encode(a.string) };
}

function valueInfo(v: ValueInfo): object {
  return {
    name: v.name,
    type: { tensorType: { elemType: ONNX_FLOAT, shape: { dim: v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}
