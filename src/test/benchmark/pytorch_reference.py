"""The benchmarks' PyTorch side: the same autoencoders as aeserve's benchmarks, run in Python with the same
threads, so that both are measured in one run on one machine.

    python3 pytorch_reference.py train THREADS EPOCHS        # dense training, Adam, batch 256: samples/s
    python3 pytorch_reference.py conv THREADS EPOCHS ROWS    # the conv denoiser's training, batch 128: samples/s
    python3 pytorch_reference.py forward THREADS             # forward pass and per-row error at batch 1, 64, 256

Prints one `result <name> <value>` line per figure, for the Java benchmark that runs it. Weights start as aeserve's
do: DJL's default Xavier initializer is uniform with bound sqrt(12 / (fan_in + fan_out)), torch's with gain sqrt(2);
biases start at zero.
"""
import gzip
import sys
import time

import numpy as np
import torch

IMAGES = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"
BATCH = 256
CONV_BATCH = 128
XAVIER_GAIN = 2 ** 0.5


def fashion_mnist():
    with gzip.open(IMAGES, "rb") as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    return torch.from_numpy(raw.reshape(-1, 784).astype(np.float32) / 255.0)


def dense():
    """aeserve's dense 784-392-196-392-784 as the spec completes it: ReLU hidden layers, a linear code, sigmoid out."""
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 392), torch.nn.ReLU(),
        torch.nn.Linear(392, 196),
        torch.nn.Linear(196, 392), torch.nn.ReLU(),
        torch.nn.Linear(392, 784), torch.nn.Sigmoid())
    return initialised(model)


def initialised(model):
    for layer in model.modules():
        if isinstance(layer, (torch.nn.Linear, torch.nn.Conv2d)):
            torch.nn.init.xavier_uniform_(layer.weight, gain=XAVIER_GAIN)
            torch.nn.init.zeros_(layer.bias)
    return model


def conv_denoiser():
    """aeserve's convolutional [32, 32] without a dense code: 3x3 convolutions (padding 1), each with ReLU and 2x2
    max pooling; the decoder 2x nearest upsampling each followed by a 3x3 convolution and ReLU, then a last 3x3
    convolution to one channel, whose output is the logits of a sigmoid."""
    return initialised(torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Upsample(scale_factor=2, mode="nearest"), torch.nn.Conv2d(32, 32, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Upsample(scale_factor=2, mode="nearest"), torch.nn.Conv2d(32, 32, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(32, 1, 3, padding=1)))


def bce_less_entropy(logits, target):
    """aeserve's bce: cross-entropy from the logits less the target's own entropy, mean over values."""
    clipped = target.clamp(1e-7, 1 - 1e-7)
    negative_entropy = target * clipped.log() + (1 - target) * (1 - clipped).log()
    cross_entropy = torch.nn.functional.binary_cross_entropy_with_logits(logits, target, reduction="none")
    return (cross_entropy + negative_entropy).mean()


def fit(model, data, batch, epochs, loss_of):
    """Adam at 0.001 over shuffled batches; prints samples/s per epoch, the mean after the first, and the final loss.
    Losses are summed where they are computed and read once per epoch, as the service's training loop does."""
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    rates = []
    for epoch in range(epochs):
        order = torch.randperm(data.shape[0])
        begin = time.perf_counter()
        total = torch.zeros(())
        for start in range(0, data.shape[0], batch):
            x = data[order[start:start + batch]]
            loss = loss_of(model, x)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.detach() * x.shape[0]
        rate = data.shape[0] / (time.perf_counter() - begin)
        rates.append(rate)
        print(f"  pytorch epoch {epoch + 1}: {rate:,.0f} samples/s, loss {total.item() / data.shape[0]:.5f}",
              flush=True)
    print(f"result train-samples-per-second {sum(rates[1:]) / len(rates[1:]):.1f}")
    print(f"result final-train-loss {total.item() / data.shape[0]:.6f}")


def train_conv(epochs, rows):
    """The denoiser: gaussian noise of standard deviation 0.5 clipped to [0, 1] on the input, the clean target."""
    def denoising_loss(model, x):
        noisy = (x + torch.randn_like(x) * 0.5).clamp(0, 1)
        return bce_less_entropy(model(noisy), x)
    fit(conv_denoiser(), fashion_mnist()[:rows].reshape(-1, 1, 28, 28), CONV_BATCH, epochs, denoising_loss)


def train(epochs):
    fit(dense(), fashion_mnist(), BATCH, epochs, lambda model, x: ((model(x) - x) ** 2).mean())


def forward():
    data = fashion_mnist()
    model = dense().eval()
    with torch.no_grad():
        for batch in (1, 64, 256):
            x = data[:batch]
            for _ in range(200):
                ((model(x) - x) ** 2).mean(dim=1)
            calls = max(200, 20_000 // batch)
            begin = time.perf_counter()
            for _ in range(calls):
                ((model(x) - x) ** 2).mean(dim=1).numpy()
            seconds = time.perf_counter() - begin
            print(f"result forward-rows-per-second-{batch} {calls * batch / seconds:.1f}")


if __name__ == "__main__":
    torch.set_num_threads(int(sys.argv[2]))
    torch.set_num_interop_threads(1)
    print(f"pytorch {torch.__version__}, {torch.get_num_threads()} intra-op threads", flush=True)
    if sys.argv[1] == "train":
        train(int(sys.argv[3]))
    elif sys.argv[1] == "conv":
        train_conv(int(sys.argv[3]), int(sys.argv[4]))
    else:
        forward()
