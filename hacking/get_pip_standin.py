# Offline stand-in for the pip bootstrap script that `ansible-test --venv` downloads from
# ci-files.testing.ansible.com. `make` copies it to ~/.ansible/test/cache/get_pip_<version>.py only when
# that file is missing. It bootstraps pip from the interpreter's bundled copy (ensurepip) and then
# installs the requested packages from the package index, as the real get-pip.py would.
import subprocess
import sys

# Options that only the real get-pip.py understands.
GET_PIP_ONLY = {'--no-setuptools', '--no-wheel', '--no-pip'}

args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)
