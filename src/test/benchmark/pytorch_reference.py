"""The benchmarks' PyTorch side: the same dense autoencoder as aeserve's benchmarks, run in Python with the same
threads, so that both are measured in one run on one machine.

    python3 pytorch_reference.py train THREADS EPOCHS   # Fashion-MNIST training, Adam, batch 256: samples/s
    python3 pytorch_reference.py forward THREADS        # forward pass and per-row error at batch 1, 64, 256

Prints one `result <name> <value>` line per figure, for the Java benchmark that runs it.
"""
import gzip
import sys
import time

import numpy as np
import torch

IMAGES = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"
BATCH = 256


def fashion_mnist():
    with gzip.open(IMAGES, "rb") as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    return torch.from_numpy(raw.reshape(-1, 784).astype(np.float32) / 255.0)


def dense():
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 392), torch.nn.ReLU(),
        torch.nn.Linear(392, 196), torch.nn.ReLU(),
        torch.nn.Linear(196, 392), torch.nn.ReLU(),
        torch.nn.Linear(392, 784), torch.nn.Sigmoid())
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
    return model


def train(epochs):
    data = fashion_mnist()
    model = dense()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    rates = []
    for epoch in range(epochs):
        order = torch.randperm(data.shape[0])
        begin = time.perf_counter()
        total = 0.0
        for start in range(0, data.shape[0], BATCH):
            x = data[order[start:start + BATCH]]
            loss = ((model(x) - x) ** 2).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * x.shape[0]
        rate = data.shape[0] / (time.perf_counter() - begin)
        rates.append(rate)
        print(f"  pytorch epoch {epoch + 1}: {rate:,.0f} samples/s, loss {total / data.shape[0]:.5f}", flush=True)
    print(f"result train-samples-per-second {sum(rates[1:]) / len(rates[1:]):.1f}")


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
    else:
        forward()
