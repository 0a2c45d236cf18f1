using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// One GRU layer for R independent replicas at once: each replica has its own weights, stacked on a leading replica
/// axis, and reads its own batch. A step is one batched matrix product per gate block (<c>bmm</c> over the replica axis),
/// so R small networks cost about as many operations as one: on a few CPU cores, where a small GRU's time goes into the
/// per-operation overhead, this trains several seeds (or several objectives) for little more than the price of one.
/// The equations are PyTorch's <c>nn.GRU</c> (gate order r, z, n):
/// r = σ(W_ir x + b_ir + W_hr h + b_hr), u = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − u) ⊙ n + u ⊙ h;
/// <see cref="CopyFrom"/> and <see cref="CopyTo"/> move one replica's weights from and to a TorchSharp <c>GRU</c>.
/// </summary>
public sealed class BatchedGru : nn.Module<Tensor, Tensor, Tensor>
{
    // Stored transposed ([R, in, 3H]) so a step is x @ W without a transpose; PyTorch's weight_ih_l0 is [3H, in].
    private readonly Parameter weightInput;
    private readonly Parameter weightHidden;
    private readonly Parameter biasInput;
    private readonly Parameter biasHidden;

    /// <summary>R replicas of a GRU from <paramref name="inputSize"/> to <paramref name="hiddenSize"/>, initialised as
    /// PyTorch does (every weight and bias uniform in ±1/√hidden).</summary>
    public BatchedGru(int replicas, int inputSize, int hiddenSize) : base(nameof(BatchedGru))
    {
        if (replicas < 1 || inputSize < 1 || hiddenSize < 1)
            throw new ArgumentException($"Sizes must be positive; got {replicas} replicas, input {inputSize}, hidden {hiddenSize}.");
        Replicas = replicas;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        var bound = 1.0 / Math.Sqrt(hiddenSize);
        weightInput = new Parameter(empty(replicas, inputSize, 3 * hiddenSize).uniform_(-bound, bound));
        weightHidden = new Parameter(empty(replicas, hiddenSize, 3 * hiddenSize).uniform_(-bound, bound));
        biasInput = new Parameter(empty(replicas, 1, 3 * hiddenSize).uniform_(-bound, bound));
        biasHidden = new Parameter(empty(replicas, 1, 3 * hiddenSize).uniform_(-bound, bound));
        RegisterComponents();
    }

    public int Replicas { get; }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>The hidden state after every step, [R, B, T, H], for inputs [R, B, T, in] and initial states [R, B, H].</summary>
    public override Tensor forward(Tensor input, Tensor initial) => Run(input, initial, keepEveryStep: true);

    /// <summary>Only the last hidden state, [R, B, H] (an encoder's summary of the sequence).</summary>
    public Tensor LastState(Tensor input, Tensor initial) => Run(input, initial, keepEveryStep: false);

    private Tensor Run(Tensor input, Tensor initial, bool keepEveryStep)
    {
        CheckShapes(input, initial);
        var (r, b, t) = (input.shape[0], input.shape[1], input.shape[2]);
        var h = HiddenSize;
        // The input half of every gate for all steps at once; unbind (whose backward is one stack) rather than
        // select per step, whose backward would add a zero-padded copy of the whole tensor at every step.
        var inputGates = input.reshape(r, b * t, InputSize).bmm(weightInput).add(biasInput).view(r, b, t, 3 * h).unbind(2);
        var state = initial;
        var states = new List<Tensor>(keepEveryStep ? (int)t : 0);
        for (var step = 0; step < t; step++)
        {
            var fromInput = inputGates[step].chunk(3, -1);
            var fromState = state.bmm(weightHidden).add(biasHidden).chunk(3, -1);
            var reset = (fromInput[0] + fromState[0]).sigmoid();
            var update = (fromInput[1] + fromState[1]).sigmoid();
            var candidate = (fromInput[2] + reset * fromState[2]).tanh();
            state = candidate + update * (state - candidate);
            if (keepEveryStep) states.Add(state);
        }
        return keepEveryStep ? stack(states, 2) : state;
    }

    /// <summary>Sets replica <paramref name="replica"/>'s weights to those of a one-layer, biased TorchSharp GRU.</summary>
    public void CopyFrom(int replica, GRU gru) => CopyFrom(replica, Weights(gru));

    /// <summary>
    /// Sets replica <paramref name="replica"/>'s weights from PyTorch-layout tensors: weight_ih [3H, in], weight_hh [3H, H],
    /// bias_ih [3H], bias_hh [3H] (gate order r, z, n).
    /// </summary>
    public void CopyFrom(int replica, (Tensor WeightIh, Tensor WeightHh, Tensor BiasIh, Tensor BiasHh) gru)
    {
        Check(replica, gru);
        using var noGrad = no_grad();
        weightInput[replica].copy_(gru.WeightIh.t());
        weightHidden[replica].copy_(gru.WeightHh.t());
        biasInput[replica, 0].copy_(gru.BiasIh);
        biasHidden[replica, 0].copy_(gru.BiasHh);
    }

    /// <summary>Writes replica <paramref name="replica"/>'s weights into a one-layer, biased TorchSharp GRU.</summary>
    public void CopyTo(int replica, GRU gru) => CopyTo(replica, Weights(gru));

    /// <summary>Writes replica <paramref name="replica"/>'s weights into PyTorch-layout tensors (see <see cref="CopyFrom(int, ValueTuple{Tensor, Tensor, Tensor, Tensor})"/>).</summary>
    public void CopyTo(int replica, (Tensor WeightIh, Tensor WeightHh, Tensor BiasIh, Tensor BiasHh) gru)
    {
        Check(replica, gru);
        using var noGrad = no_grad();
        gru.WeightIh.copy_(weightInput[replica].t());
        gru.WeightHh.copy_(weightHidden[replica].t());
        gru.BiasIh.copy_(biasInput[replica, 0]);
        gru.BiasHh.copy_(biasHidden[replica, 0]);
    }

    private static (Tensor, Tensor, Tensor, Tensor) Weights(GRU gru)
    {
        var p = gru.named_parameters().ToDictionary(n => n.name, n => (Tensor)n.parameter);
        if (!p.TryGetValue("weight_ih_l0", out var wih) || !p.TryGetValue("weight_hh_l0", out var whh)
            || !p.TryGetValue("bias_ih_l0", out var bih) || !p.TryGetValue("bias_hh_l0", out var bhh) || p.Count != 4)
            throw new ArgumentException($"Give a one-layer, one-direction GRU with biases; this one has parameters {string.Join(", ", p.Keys)}.");
        return (wih, whh, bih, bhh);
    }

    private void Check(int replica, (Tensor WeightIh, Tensor WeightHh, Tensor BiasIh, Tensor BiasHh) gru)
    {
        if (replica < 0 || replica >= Replicas) throw new ArgumentOutOfRangeException(nameof(replica), replica, $"Replicas are 0 … {Replicas - 1}.");
        if (!gru.WeightIh.shape.SequenceEqual([3L * HiddenSize, InputSize]) || !gru.WeightHh.shape.SequenceEqual([3L * HiddenSize, HiddenSize])
            || !gru.BiasIh.shape.SequenceEqual([3L * HiddenSize]) || !gru.BiasHh.shape.SequenceEqual([3L * HiddenSize]))
            throw new ArgumentException($"The GRU's weights are [{string.Join(", ", gru.WeightIh.shape)}] and [{string.Join(", ", gru.WeightHh.shape)}]; " +
                                        $"these replicas need [{3 * HiddenSize}, {InputSize}] and [{3 * HiddenSize}, {HiddenSize}].");
    }

    private void CheckShapes(Tensor input, Tensor initial)
    {
        if (input.dim() != 4 || input.shape[0] != Replicas || input.shape[3] != InputSize || input.shape[2] < 1)
            throw new ArgumentException($"Inputs must be [replicas {Replicas}, batch, steps ≥ 1, {InputSize}]; got [{string.Join(", ", input.shape)}].");
        if (initial.dim() != 3 || initial.shape[0] != Replicas || initial.shape[1] != input.shape[1] || initial.shape[2] != HiddenSize)
            throw new ArgumentException($"Initial states must be [{Replicas}, {input.shape[1]}, {HiddenSize}]; got [{string.Join(", ", initial.shape)}].");
    }
}
