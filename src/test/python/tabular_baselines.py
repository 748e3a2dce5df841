"""Isolation forest and PCA reconstruction on the split TablesApiTest trains and scores on.

Train on the first two thirds (file order) of one class's rows, test on the rest of that class and every row of
the other; the other class is the anomaly. Columns are prepared as the service encodes them: categorical columns
one-hot over the training categories (a missing value its own category, unseen ones in an "other" input),
numeric columns with the training median where missing plus a missing indicator, the Id column ignored, and every
input scaled to the training range (minmax).

Run once, by hand (not part of CI), with Debian's scikit-learn (apt-get install python3-sklearn):

    /usr/bin/python3 src/test/python/tabular_baselines.py
"""
import csv
import os

import numpy as np
from sklearn.decomposition import PCA
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score

TABLES = os.path.join(os.path.dirname(__file__), "..", "resources", "tables")
# each table with its normal class and the code size of the autoencoder TablesApiTest trains on it
CASES = [("housevotes84.csv", "democrat", 8), ("breastcancer.csv", "benign", 4)]


def split(rows, normal):
    ordered = [row for row in rows if row["Class"] == normal]
    cut = len(ordered) * 2 // 3
    test = ordered[cut:] + [row for row in rows if row["Class"] != normal]
    return ordered[:cut], test


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def encoder(columns, training):
    parts = []
    for name in columns:
        if name in ("Class", "Id"):
            continue
        cells = [row[name] for row in training]
        if all(cell == "" or is_number(cell) for cell in cells):
            present = [float(cell) for cell in cells if cell != ""]
            parts.append(("numeric", name, float(np.median(present)), any(cell == "" for cell in cells)))
        else:
            parts.append(("categorical", name, sorted(set(cells)), None))

    def encode(rows):
        out = []
        for row in rows:
            values = []
            for kind, name, fitted, indicator in parts:
                cell = row[name]
                if kind == "numeric":
                    values.append(fitted if cell == "" else float(cell))
                    if indicator:
                        values.append(1.0 if cell == "" else 0.0)
                else:
                    values.extend([1.0 if cell == category else 0.0 for category in fitted])
                    values.append(0.0 if cell in fitted else 1.0)
            out.append(values)
        return np.asarray(out, dtype=np.float64)

    return encode


def main():
    print("| table | trained on | inputs | isolation forest | PCA, as many components as the code |"
          " PCA, best of 1-32 components |")
    print("|---|---|---|---|---|---|")
    for file, normal, code in CASES:
        with open(os.path.join(TABLES, file), newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            columns = reader.fieldnames
        training, test = split(rows, normal)
        encode = encoder(columns, training)
        x_train, x_test = encode(training), encode(test)
        low, high = x_train.min(axis=0), x_train.max(axis=0)
        scale = np.where(high - low > 1e-12, high - low, 1.0)
        x_train, x_test = (x_train - low) / scale, (x_test - low) / scale
        anomalous = np.array([row["Class"] != normal for row in test])

        forest = IsolationForest(n_estimators=200, random_state=0).fit(x_train)
        forest_auroc = roc_auc_score(anomalous, -forest.score_samples(x_test))

        def pca_auroc(components):
            pca = PCA(n_components=components, random_state=0).fit(x_train)
            errors = ((x_test - pca.inverse_transform(pca.transform(x_test))) ** 2).mean(axis=1)
            return roc_auc_score(anomalous, errors)

        # the best number of components is chosen on the test rows: an upper bound for PCA
        best = max((pca_auroc(k), k) for k in range(1, min(32, x_train.shape[1]) + 1))
        print(f"| {file} | {len(training)} {normal} | {x_train.shape[1]} | {forest_auroc:.3f} |"
              f" {pca_auroc(code):.3f} ({code}) | {best[0]:.3f} ({best[1]}) |")


if __name__ == "__main__":
    main()
